package io.github.fulcrumlb.influx.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.github.fulcrumlb.influx.InfluxHostileInputTest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The line-protocol escaping function over every special character (the real-server round trip is
 * in {@link InfluxHostileInputTest}).
 */
class LineProtocolTest {
  @Test
  void everySpecialCharacterInATagOrKeyIsEscapedOnlyWhereLineProtocolNeedsIt() {
    for (String c : InfluxHostileInputTest.specialCharacters()) {
      if (c.contains("\n") || c.endsWith("\\")) {
        continue;
      }
      String expected = c.replace(",", "\\,").replace("=", "\\=").replace(" ", "\\ ");
      assertThat(LineProtocol.tag("a" + c + "b")).as(c).isEqualTo("a" + expected + "b");
      if (c.length() == 2 && c.charAt(0) == '\\' && ", =\"".indexOf(c.charAt(1)) >= 0) {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> LineProtocol.name("a" + c + "b"))
            .withMessageContaining("has a backslash before");
      } else {
        assertThat(LineProtocol.name("a" + c + "b"))
            .as(c)
            .isEqualTo("a" + expected.replace("\"", "\\\"") + "b");
      }
    }
  }

  @Test
  void stringValuesEscapeQuotesAndBackslashesAndKeepLineBreaks() {
    assertThat(LineProtocol.stringValue("a\"b\\c\nd\re,f=g h"))
        .isEqualTo("\"a\\\"b\\\\c\nd\re,f=g h\"");
    assertThat(LineProtocol.stringValue("ends\\")).isEqualTo("\"ends\\\\\"");
  }

  @Test
  void aWholeLineWithTagsAndEveryFieldType() {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("host", "a b,c=d");
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("f", 1.5);
    fields.put("i", 7L);
    fields.put("b", true);
    fields.put("s", "x\"y");
    assertThat(LineProtocol.line("m m", tags, fields, 1_000L))
        .isEqualTo("m\\ m,host=a\\ b\\,c\\=d f=1.5,i=7i,b=true,s=\"x\\\"y\" 1000");
  }

  /** Input: text 1.x cannot store. Expected: refused here, naming the part and the value. */
  @ParameterizedTest
  @ValueSource(strings = {"bad\\", "a\nb", "\\", ""})
  void refusesTagValuesInfluxCannotStore(String value) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> LineProtocol.line("m", Map.of("host", value), Map.of("v", 1.0), 1))
        .withMessageContaining("tag value of host");
  }

  @Test
  void refusesAMeasurementOrKeyEndingInABackslashAndNonFiniteNumbers() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> LineProtocol.line("m\\", Map.of(), Map.of("v", 1.0), 1))
        .withMessageContaining("measurement \"m\\\" ends in a backslash");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> LineProtocol.line("m", Map.of(), Map.of("v\\", 1.0), 1))
        .withMessageContaining("field key");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> LineProtocol.line("m", Map.of(), Map.of("v", Double.NaN), 1))
        .withMessageContaining("field v is NaN");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> LineProtocol.line("m", Map.of(), Map.of("v", 1e308 * 10), 1))
        .withMessageContaining("Infinity");
  }
}
