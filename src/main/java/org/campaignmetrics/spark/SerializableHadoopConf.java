package org.campaignmetrics.spark;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Ships the driver's Hadoop settings (spark.hadoop.*, s3a credentials providers, …) to the tasks
 * as a broadcast: read once per executor, not once per task (a Configuration is about a
 * thousand entries, and reading it back cost a task more than a small piece's decoding).
 */
public final class SerializableHadoopConf implements Serializable {
  private static final long serialVersionUID = 2L;
  private final Broadcast<Shipped> shipped;

  private SerializableHadoopConf(Broadcast<Shipped> shipped) {
    this.shipped = shipped;
  }

  /** The context's Hadoop settings, broadcast. */
  public static SerializableHadoopConf of(JavaSparkContext jsc) {
    return new SerializableHadoopConf(jsc.broadcast(new Shipped(jsc.hadoopConfiguration())));
  }

  /** The settings; shared by the tasks of an executor, so only to be read. */
  public Configuration get() {
    return shipped.value().conf;
  }

  /** What the broadcast holds: the settings in Hadoop's own format. */
  private static final class Shipped implements Serializable {
    private static final long serialVersionUID = 1L;
    private transient Configuration conf;

    Shipped(Configuration conf) {
      this.conf = conf;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
      conf.write(new DataOutputStream(out));
    }

    private void readObject(ObjectInputStream in) throws IOException {
      conf = new Configuration(false);
      conf.readFields(new DataInputStream(in));
    }
  }
}
