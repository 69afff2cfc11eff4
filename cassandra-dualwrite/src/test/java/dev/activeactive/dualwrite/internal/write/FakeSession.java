package dev.activeactive.dualwrite.internal.write;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultProtocolVersion;
import com.datastax.oss.driver.api.core.context.DriverContext;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.oss.driver.api.core.type.codec.registry.CodecRegistry;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A session that needs no cluster: it records what it is asked to execute and answers as told. */
final class FakeSession {
  final List<Statement<?>> executed = new CopyOnWriteArrayList<>();
  volatile Function<Statement<?>, CompletionStage<AsyncResultSet>> behaviour =
      s -> CompletableFuture.completedFuture(null);
  final CqlSession session;

  FakeSession(String name, String keyspace) {
    DriverContext context = (DriverContext) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {DriverContext.class}, (proxy, method, args) -> switch (method.getName()) {
          case "getCodecRegistry" -> CodecRegistry.DEFAULT;
          case "getProtocolVersion" -> DefaultProtocolVersion.V5;
          case "getSessionName" -> name;
          default -> throw new UnsupportedOperationException(method.getName());
        });
    session = (CqlSession) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {CqlSession.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "getName" -> name;
          case "getKeyspace" -> Optional.of(CqlIdentifier.fromCql(keyspace));
          case "getContext" -> context;
          case "executeAsync" -> {
            Statement<?> statement = (Statement<?>) args[0];
            executed.add(statement);
            yield behaviour.apply(statement);
          }
          case "toString" -> "FakeSession(" + name + ")";
          case "hashCode" -> System.identityHashCode(proxy);
          case "equals" -> proxy == args[0];
          default -> throw new UnsupportedOperationException(method.getName());
        });
  }

  void fail(RuntimeException error) {
    behaviour = s -> CompletableFuture.failedFuture(error);
  }

  void succeed() {
    behaviour = s -> CompletableFuture.completedFuture(null);
  }
}
