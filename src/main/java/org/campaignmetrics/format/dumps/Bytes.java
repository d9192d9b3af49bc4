package org.campaignmetrics.format.dumps;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Word-at-a-time access to byte arrays for the line decoder's hot paths. */
public final class Bytes {
  /** Eight bytes of a {@code byte[]} as a little-endian long (byte k in bits 8k..8k+7). */
  public static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final long LOW7 = 0x7F7F_7F7F_7F7F_7F7FL;

  private Bytes() {}

  /** 0x80 in each byte of {@code word} equal to that of {@code repeatedByte} ({@link #repeat}), 0 elsewhere; exact. */
  public static long matches(long word, long repeatedByte) {
    long t = word ^ repeatedByte;
    return ~(((t & LOW7) + LOW7) | t | LOW7);
  }

  /** {@code b} in every byte of a long. */
  public static long repeat(byte b) {
    return (b & 0xFFL) * 0x0101_0101_0101_0101L;
  }
}
