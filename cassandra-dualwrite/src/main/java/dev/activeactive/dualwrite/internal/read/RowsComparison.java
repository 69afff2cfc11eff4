package dev.activeactive.dualwrite.internal.read;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How two sets of rows differ. Rows are matched as whole images, as a multiset: a row with one different
 * column counts once on each side.
 *
 * @param primaryRows rows read from the primary
 * @param secondaryRows rows read from the secondary
 * @param onlyInPrimary primary rows with no identical row on the secondary
 * @param onlyInSecondary secondary rows with no identical row on the primary
 */
public record RowsComparison(int primaryRows, int secondaryRows, int onlyInPrimary, int onlyInSecondary) {

  public boolean diverged() {
    return onlyInPrimary > 0 || onlyInSecondary > 0;
  }

  public static RowsComparison compare(List<RowImage> primary, List<RowImage> secondary) {
    Map<RowImage, Integer> unmatched = new HashMap<>();
    for (RowImage row : primary) {
      unmatched.merge(row, 1, Integer::sum);
    }
    int onlyInSecondary = 0;
    for (RowImage row : secondary) {
      Integer count = unmatched.get(row);
      if (count == null) {
        onlyInSecondary++;
      } else if (count == 1) {
        unmatched.remove(row);
      } else {
        unmatched.put(row, count - 1);
      }
    }
    int onlyInPrimary = unmatched.values().stream().mapToInt(Integer::intValue).sum();
    return new RowsComparison(primary.size(), secondary.size(), onlyInPrimary, onlyInSecondary);
  }
}
