package org.campaignmetrics.source.dumps;

import java.util.Arrays;

/** An open-addressing map from long keys to objects: no boxing, no bins (hot path of staging). */
final class LongMap<V> {
  private long[] keys = new long[1 << 12];
  private Object[] values = new Object[1 << 12];
  private int size;

  private static int slot(long key, int mask) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }

  @SuppressWarnings("unchecked")
  V get(long key) {
    int mask = keys.length - 1;
    for (int i = slot(key, mask); ; i = (i + 1) & mask) {
      if (values[i] == null) {
        return null;
      }
      if (keys[i] == key) {
        return (V) values[i];
      }
    }
  }

  void put(long key, V value) {
    if ((size + 1) * 2 > keys.length) {
      grow();
    }
    int mask = keys.length - 1;
    for (int i = slot(key, mask); ; i = (i + 1) & mask) {
      if (values[i] == null) {
        keys[i] = key;
        values[i] = value;
        size++;
        return;
      }
      if (keys[i] == key) {
        values[i] = value;
        return;
      }
    }
  }

  int size() {
    return size;
  }

  /** The keys present, in no order. */
  long[] keys() {
    long[] present = new long[size];
    int n = 0;
    for (int i = 0; i < keys.length; i++) {
      if (values[i] != null) {
        present[n++] = keys[i];
      }
    }
    return present;
  }

  void clear() {
    Arrays.fill(values, null);
    size = 0;
  }

  private void grow() {
    long[] oldKeys = keys;
    Object[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new Object[oldValues.length * 2];
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldValues[i] != null) {
        put(oldKeys[i], cast(oldValues[i]));
      }
    }
  }

  @SuppressWarnings("unchecked")
  private V cast(Object value) {
    return (V) value;
  }
}
