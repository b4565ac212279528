package io.github.fulcrumlb.rl.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.fulcrumlb.rl.features.FeatureSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {

  @TempDir Path dir;

  @Test
  void roundTripGivesIdenticalOutputsAndMetadata() throws Exception {
    CostModel model = TestModels.random(7);
    Path file = dir.resolve("m.rlmodel");
    ModelFile.write(model, file);
    CostModel again = ModelFile.read(file);

    assertThat(again.metadata()).isEqualTo(model.metadata());
    assertThat(again.layerSizes()).containsExactly(model.layerSizes());
    Random r = new Random(1);
    for (int k = 0; k < 100; k++) {
      double[] x = new double[FeatureSchema.size()];
      for (int i = 0; i < x.length; i++) {
        x[i] = r.nextGaussian();
      }
      assertThat(again.logCost(x)).isEqualTo(model.logCost(x)); // bit for bit
    }
  }

  @Test
  void flippedByteIsReportedAsCorruptByItsChecksum() throws Exception {
    byte[] bytes = ModelFile.toBytes(TestModels.random(1));
    int at = new String(bytes, StandardCharsets.UTF_8).indexOf("layer.0.weight=") + 16;
    bytes[at] = (byte) (bytes[at] == '1' ? '2' : '1');

    assertThatThrownBy(() -> ModelFile.parse(bytes, "m.rlmodel"))
        .isInstanceOf(CorruptModelException.class)
        .hasMessageContaining("m.rlmodel is corrupt: checksum");
  }

  @Test
  void truncatedFileIsCorrupt() {
    byte[] bytes = ModelFile.toBytes(TestModels.random(1));
    byte[] half = java.util.Arrays.copyOf(bytes, bytes.length / 2);

    assertThatThrownBy(() -> ModelFile.parse(half, "m.rlmodel"))
        .isInstanceOf(CorruptModelException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void otherFileIsNotAModel() {
    assertThatThrownBy(
            () -> ModelFile.parse("PK\u0003\u0004zip".getBytes(StandardCharsets.UTF_8), "x.zip"))
        .isInstanceOf(CorruptModelException.class)
        .hasMessageContaining("x.zip is not a Fulcrum RL model file");
  }

  @Test
  void otherFeatureSchemaIsIncompatibleNotCorrupt() {
    String text =
        new String(ModelFile.toBytes(TestModels.random(1)), StandardCharsets.UTF_8)
            .replace("schema=" + FeatureSchema.describe(), "schema=v0:cpu,memory");

    assertThatThrownBy(() -> ModelFile.parse(withValidChecksum(text), "old.rlmodel"))
        .isInstanceOf(IncompatibleModelException.class)
        .hasMessageContaining("old.rlmodel was trained on feature schema \"v0:cpu,memory\"")
        .hasMessageContaining("this build computes \"" + FeatureSchema.describe() + "\"");
  }

  @Test
  void newerFormatVersionIsIncompatible() {
    String text =
        new String(ModelFile.toBytes(TestModels.random(1)), StandardCharsets.UTF_8)
            .replaceFirst("fulcrum-rl-model 1", "fulcrum-rl-model 9");

    assertThatThrownBy(() -> ModelFile.parse(withValidChecksum(text), "new.rlmodel"))
        .isInstanceOf(IncompatibleModelException.class)
        .hasMessageContaining("format version 9");
  }

  @Test
  void wrongLayerShapeIsCorrupt() {
    String text =
        new String(ModelFile.toBytes(TestModels.random(1)), StandardCharsets.UTF_8)
            .replaceFirst("layers=11,8,1", "layers=11,9,1");

    assertThatThrownBy(() -> ModelFile.parse(withValidChecksum(text), "m.rlmodel"))
        .isInstanceOf(CorruptModelException.class)
        .hasMessageContaining("layer 0 has 88 weights, expected 99");
  }

  @Test
  void missingFileIsNoSuchFile() {
    assertThatThrownBy(() -> ModelFile.read(dir.resolve("absent.rlmodel")))
        .isInstanceOf(java.nio.file.NoSuchFileException.class);
  }

  @Test
  void bundledDefaultModelLoads() throws Exception {
    CostModel model = ModelFile.readDefault();

    assertThat(model.layerSizes()[0]).isEqualTo(FeatureSchema.size());
    assertThat(model.metadata().djlVersion()).isNotBlank();
  }

  /** Recomputes the checksum line so that only the edited content is wrong. */
  static byte[] withValidChecksum(String text) {
    String body = text.substring(0, text.lastIndexOf("crc32="));
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    CRC32 crc = new CRC32();
    crc.update(b);
    return (body + String.format("crc32=%08x", crc.getValue()) + "\n")
        .getBytes(StandardCharsets.UTF_8);
  }
}
