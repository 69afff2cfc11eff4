package dev.activeactive.sandbox.internal.cli;

import dev.activeactive.sandbox.api.WanProfile;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code --wan}: a profile name or a custom shape; an unknown name lists the valid ones. */
public final class WanProfileConverter implements ITypeConverter<WanProfile> {
  @Override
  public WanProfile convert(String value) {
    try {
      return WanProfile.parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
