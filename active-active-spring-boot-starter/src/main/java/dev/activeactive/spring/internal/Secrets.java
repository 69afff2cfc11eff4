package dev.activeactive.spring.internal;

import java.util.Base64;

/** Signing secrets are given in Base64 in properties; a bad value fails start-up naming the property only. */
final class Secrets {

  private Secrets() {}

  static byte[] decode(String property, String base64) {
    try {
      return Base64.getDecoder().decode(base64.trim());
    } catch (IllegalArgumentException e) {
      // the value itself stays out of the message: it is a secret
      throw new IllegalStateException(property + " is not valid Base64; give the secret's bytes in Base64, for"
          + " example the output of: head -c 32 /dev/urandom | base64", e);
    }
  }
}
