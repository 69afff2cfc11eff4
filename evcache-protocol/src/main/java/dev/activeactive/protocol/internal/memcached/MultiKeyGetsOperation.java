package dev.activeactive.protocol.internal.memcached;

import java.util.Collection;
import net.spy.memcached.ops.GetsOperation;
import net.spy.memcached.protocol.ascii.BaseGetOpImpl;

/**
 * A text-protocol {@code gets k1 k2 ...}: one command that reads many keys of one server together with their CAS
 * ids. spymemcached only offers single-key {@code gets}, although its text-protocol parser already handles the
 * multi-key reply (one {@code VALUE} line per key found, then {@code END}); this only supplies the key list.
 *
 * <p>All keys must live on the server the operation is queued to, and must already be valid memcached keys.
 */
final class MultiKeyGetsOperation extends BaseGetOpImpl implements GetsOperation {

  MultiKeyGetsOperation(Collection<String> keys, GetsOperation.Callback callback) {
    super("gets", callback, keys);
  }
}
