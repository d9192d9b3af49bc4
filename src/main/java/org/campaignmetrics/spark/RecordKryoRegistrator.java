package org.campaignmetrics.spark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import org.apache.spark.serializer.KryoRegistrator;

/**
 * Lets Java records travel through Kryo ({@code spark.serializer=…KryoSerializer}, common on
 * clusters): Spark's Kryo 4 cannot build a field serializer for a record (its final fields), so
 * the tasks of an ingest, whose pieces and tasks are records, would fail to serialize. Records are
 * written with Java serialization instead (they are all {@code Serializable}); everything else
 * keeps Kryo's own serializers. {@link SparkSessions} adds this registrator to any the user sets.
 */
public final class RecordKryoRegistrator implements KryoRegistrator {
  @Override
  public void registerClasses(Kryo kryo) {
    kryo.addDefaultSerializer(Record.class, JavaSerializer.class);
  }
}
