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
    assertThatThrownBy(() -> InfluxQl.identifier("a\\b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> InfluxQl.identifier("a\nb"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> InfluxQl.identifier("")).isInstanceOf(IllegalArgumentException.class);
  }
}
