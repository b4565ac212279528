package io.github.fulcrumlb.examples.cli;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Runs an action on each SIGHUP, through the JDK's {@code sun.misc.Signal} (module {@code
 * jdk.unsupported}). Reached by reflection so that the build needs no internal-API warning; where
 * the JVM has no such class, refuses HUP (e.g. started with {@code -Xrs}) or inherited it as
 * ignored (started under {@code nohup}), {@link #install} says so.
 */
final class HangupSignal {
  private HangupSignal() {}

  /**
   * Installs {@code action} as the SIGHUP handler (on the JVM's signal dispatch thread).
   *
   * @return null when installed, else why not (one line)
   */
  static String install(Runnable action) {
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      Object signal = signalClass.getConstructor(String.class).newInstance("HUP");
      InvocationHandler invocation =
          (Object proxy, Method method, Object[] args) -> {
            switch (method.getName()) {
              case "handle":
                action.run();
                return null;
              case "hashCode":
                return System.identityHashCode(proxy);
              case "equals":
                return proxy == args[0];
              default:
                return "HangupSignal handler";
            }
          };
      Object handler =
          Proxy.newProxyInstance(
              HangupSignal.class.getClassLoader(), new Class<?>[] {handlerClass}, invocation);
      Object previous =
          signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, handler);
      // HotSpot leaves a signal that was ignored when the JVM started (nohup) ignored, and says so
      // only by returning SIG_IGN as the previous handler.
      if (previous != null && previous == handlerClass.getField("SIG_IGN").get(null)) {
        return "SIGHUP is ignored by this process (started under nohup or with SIGHUP ignored);"
            + " start it without nohup, e.g. with setsid or env --default-signal=HUP";
      }
      return null;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      return "SIGHUP cannot be handled in this JVM (" + cause + ")";
    }
  }
}
