package io.github.fulcrumlb.examples.cli;

import io.github.fulcrumlb.api.Backend;
import io.github.fulcrumlb.api.DurationText;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks of command-line flag values shared by every {@code fulcrum} subcommand, so that bad input
 * gets the same one-line error everywhere: the flag, the value, and how to fix it. Each method
 * throws {@link IllegalArgumentException}, which {@link FulcrumCli} prints as one line.
 *
 * <pre>{@code
 * Duration d = FlagValues.duration("--reply-timeout", "250ms");
 * List<String> names = FlagValues.items("--strategies", "p2c,rl");
 * List<Backend> backends = FlagValues.backends("--backend", List.of("127.0.0.1:5301"));
 * }</pre>
 */
public final class FlagValues {
  private FlagValues() {}

  /** A duration ({@link DurationText}: 250ms, 10s, 2m, 1h, PT10S), never negative. */
  public static Duration duration(String flag, String text) {
    return DurationText.parse(flag, text);
  }

  /** {@code value}, if it is finite and {@code >= 0}. */
  public static double nonNegative(String flag, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(flag + " must be 0 or more but was " + number(value));
    }
    return value;
  }

  /** {@code value}, if it is finite and {@code > 0}. */
  public static double positive(String flag, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(flag + " must be more than 0 but was " + number(value));
    }
    return value;
  }

  /** {@code value}, if it is at least {@code min}. */
  public static long atLeast(String flag, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(flag + " must be at least " + min + " but was " + value);
    }
    return value;
  }

  /** {@code value}, if it is {@code >= 0}. */
  public static long nonNegative(String flag, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(flag + " must be 0 or more but was " + value);
    }
    return value;
  }

  /**
   * The comma-separated items of {@code text}, trimmed; an empty item ({@code a,,b}, a trailing
   * comma) is an error, not silently skipped.
   */
  public static List<String> items(String flag, String text) {
    return items(flag, List.of(text));
  }

  /**
   * The items of every occurrence of a repeatable flag, each split at commas, trimmed; an empty
   * item is an error naming the flag. (Picocli's own {@code split} drops trailing empty items, so
   * flags read through here take their raw text.)
   */
  public static List<String> items(String flag, List<String> occurrences) {
    List<String> out = new ArrayList<>(occurrences.size());
    for (String occurrence : occurrences) {
      for (String item : String.valueOf(occurrence).split(",", -1)) {
        if (item.isBlank()) {
          throw new IllegalArgumentException(
              flag
                  + " has an empty item in \""
                  + occurrence
                  + "\": remove the doubled, leading or trailing comma");
        }
        out.add(item.trim());
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(flag + " names nothing");
    }
    return out;
  }

  /** {@code KEY=VALUE} options, if no key or value is blank. */
  public static Map<String, String> options(String flag, Map<String, String> options) {
    options.forEach(
        (key, value) -> {
          if (key == null || key.isBlank() || value == null || value.isBlank()) {
            throw new IllegalArgumentException(
                flag
                    + " must be KEY=VALUE with neither part empty"
                    + " but was \""
                    + (key == null ? "" : key)
                    + '='
                    + (value == null ? "" : value)
                    + "\"");
          }
        });
    return options;
  }

  /**
   * Backends from {@code HOST:PORT} items. Ids are normalised ({@code 127.0.0.1:015301} becomes
   * {@code 127.0.0.1:15301}); two items that are the same backend after normalising and resolving
   * the host ({@code localhost} beside {@code 127.0.0.1}) are an error, as is an empty item.
   */
  public static List<Backend> backends(String flag, List<String> items) {
    Map<String, String> seen = new LinkedHashMap<>(); // resolved address:port -> item
    List<Backend> out = new ArrayList<>();
    for (String item : items(flag, items)) {
      Backend parsed;
      try {
        parsed = Backend.parse(item);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(flag + " " + item + ": " + e.getMessage(), e);
      }
      String host = parsed.host();
      String id = (host.indexOf(':') >= 0 ? '[' + host + ']' : host) + ':' + parsed.port();
      Backend backend = new Backend(id, host, parsed.port(), parsed.weight(), parsed.metadata());
      for (String address : addresses(host)) {
        String key = address + '#' + parsed.port();
        String earlier = seen.putIfAbsent(key, item);
        if (earlier != null) {
          throw new IllegalArgumentException(
              flag
                  + " "
                  + item
                  + " is the same backend as "
                  + earlier
                  + " ("
                  + address
                  + " port "
                  + parsed.port()
                  + "): give each backend once");
        }
      }
      out.add(backend);
    }
    return out;
  }

  /** Every address the host resolves to, or its lower-case name if it does not resolve. */
  private static List<String> addresses(String host) {
    try {
      List<String> out = new ArrayList<>();
      for (InetAddress a : InetAddress.getAllByName(host)) {
        out.add(a.getHostAddress());
      }
      return out;
    } catch (UnknownHostException | SecurityException e) {
      return List.of(host.toLowerCase(Locale.ROOT));
    }
  }

  /**
   * One line saying why the file given to {@code flag} could not be read, and what to do: for a
   * missing file, a folder, no permission, text that is not UTF-8, or anything else.
   */
  public static IllegalArgumentException unreadable(String flag, Path file, Exception failure) {
    Throwable e = failure instanceof UncheckedIOException u ? u.getCause() : failure;
    String why;
    if (Files.isDirectory(file)) {
      why = "is a folder: give a file";
    } else if (e instanceof NoSuchFileException) {
      why = "does not exist";
    } else if (e instanceof AccessDeniedException) {
      why = "cannot be read (permission denied)";
    } else if (e instanceof CharacterCodingException) {
      why = "is not UTF-8 text: save it as UTF-8";
    } else {
      why = "cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
    }
    return new IllegalArgumentException(flag + " " + file + " " + why, failure);
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
