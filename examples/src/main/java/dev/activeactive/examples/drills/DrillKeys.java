package dev.activeactive.examples.drills;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * The users and titles one drill run works on. Ids carry the drill's name and a random run id, so runs on a
 * long-lived sandbox (or the tests of one JVM) never see each other's data.
 *
 * @param prefix the run's prefix, for example {@code split-3f2a9c1d}
 * @param users how many users
 * @param titlesPerUser how many titles each user watches
 */
record DrillKeys(String prefix, int users, int titlesPerUser) {

  /** A fresh run of {@code drill}. */
  static DrillKeys fresh(String drill, int users, int titlesPerUser) {
    return new DrillKeys(drill + "-" + UUID.randomUUID().toString().substring(0, 8), users, titlesPerUser);
  }

  /** The user with this index. */
  String user(int index) {
    return prefix + "-u" + index;
  }

  /** The title with this index. */
  String title(int index) {
    return "t" + index;
  }

  /** Every user. */
  List<String> allUsers() {
    List<String> all = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      all.add(user(i));
    }
    return all;
  }

  /** Every (user, title) pair of the history. */
  List<WriteLedger.HistoryKey> allHistoryKeys() {
    List<WriteLedger.HistoryKey> all = new ArrayList<>();
    for (int u = 0; u < users; u++) {
      for (int t = 0; t < titlesPerUser; t++) {
        all.add(new WriteLedger.HistoryKey(user(u), title(t)));
      }
    }
    return all;
  }

  /** A random user. */
  String randomUser(Random random) {
    return user(random.nextInt(users));
  }

  /** A random history key. */
  WriteLedger.HistoryKey randomHistoryKey(Random random) {
    return new WriteLedger.HistoryKey(randomUser(random), title(random.nextInt(titlesPerUser)));
  }

  /** How many history keys there are. */
  int historyKeyCount() {
    return users * titlesPerUser;
  }
}
