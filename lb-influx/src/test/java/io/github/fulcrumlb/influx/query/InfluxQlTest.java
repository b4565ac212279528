package io.github.fulcrumlb.influx.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InfluxQlTest {
  @Test
  void stringLiteralEscapesQuotesBackslashesAndLineBreaks() {
    assertThat(InfluxQl.string("a' OR 1=1 --")).isEqualTo("'a\\' OR 1=1 --'");
    assertThat(InfluxQl.string("c\\")).isEqualTo("'c\\\\'");
    assertThat(InfluxQl.string("x\ny")).isEqualTo("'x\\ny'");
    assertThat(InfluxQl.string("a\" OR 1=1 --")).isEqualTo("'a\" OR 1=1 --'");
  }

  @Test
  void identifierEscapesDoubleQuotes() {
    assertThat(InfluxQl.identifier("host")).isEqualTo("\"host\"");
    assertThat(InfluxQl.identifier("we\"ird")).isEqualTo("\"we\\\"ird\"");
  }

  @Test
  void identifierRejectsWhatInfluxQlCannotEscape() {
    assertThatThrownBy(() -> InfluxQl.identifier("a\rb"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("carriage return");
    assertThatThrownBy(() -> InfluxQl.identifier("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void identifierEscapesBackslashesAndLineFeeds() {
    assertThat(InfluxQl.identifier("a\\b")).isEqualTo("\"a\\\\b\"");
    assertThat(InfluxQl.identifier("a\nb")).isEqualTo("\"a\\nb\"");
  }

  @Test
  void stringLiteralRejectsACarriageReturnAndTagEqualsMatchesItByRegex() {
    assertThatThrownBy(() -> InfluxQl.string("a\rb"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("carriage return");
    assertThat(InfluxQl.tagEquals("host", "a\rb")).isEqualTo("\"host\" =~ /^a\\rb$/");
    assertThat(InfluxQl.tagEquals("host", "x.y/z\r\\"))
        .isEqualTo("\"host\" =~ /^x\\.y\\/z\\r\\\\$/");
    assertThat(InfluxQl.tagEquals("host", "a'b")).isEqualTo("\"host\" = 'a\\'b'");
  }

  @Test
  void everySpecialCharacterIsEscapedOrRefusedByEachInfluxQlFunction() {
    for (String c : io.github.fulcrumlb.influx.InfluxHostileInputTest.specialCharacters()) {
      String v = "a" + c + "b";
      String expectedString =
          "'" + v.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'";
      String expectedIdentifier =
          "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
      if (c.contains("\r")) {
        assertThatThrownBy(() -> InfluxQl.string(v)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> InfluxQl.identifier(v))
            .isInstanceOf(IllegalArgumentException.class);
        assertThat(InfluxQl.tagEquals("host", v)).startsWith("\"host\" =~ /^").endsWith("$/");
      } else {
        assertThat(InfluxQl.string(v)).as(c).isEqualTo(expectedString);
        assertThat(InfluxQl.identifier(v)).as(c).isEqualTo(expectedIdentifier);
        assertThat(InfluxQl.tagEquals("host", v)).as(c).isEqualTo("\"host\" = " + expectedString);
      }
    }
  }
}
