package org.campaignmetrics.source.dumps.bz2;

import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;

/**
 * Decodes bzip2 blocks (from just after their 48-bit magic) in pure Java: Huffman/MTF/RLE2
 * symbols, inverse BWT, RLE1, and each block's CRC, which is always checked. One instance per
 * thread; it reuses its arrays (a 900k block needs about 4.5 MB).
 *
 * <p>The inverse BWT is a walk of dependent random reads over the block's 3.6 MB table, so it
 * only writes the pre-RLE1 bytes; RLE1 and the CRC (four bytes a step) are then a sequential
 * pass over them.
 */
public final class Bz2BlockDecoder {
  static final long BLOCK_MAGIC = 0x314159265359L;
  static final long END_MAGIC = 0x177245385090L;

  /** Whether four bytes are a stream header, {@code BZh1} to {@code BZh9}. */
  static boolean isStreamHeader(int b, int z, int h, int level) {
    return b == 'B' && z == 'Z' && h == 'h' && level >= '1' && level <= '9';
  }
  private static final int MAX_BLOCK = 900_000;
  private static final int MAX_GROUPS = 6;
  private static final int GROUP_SIZE = 50;
  private static final int MAX_ALPHA = 258;
  private static final int MAX_CODE_LENGTH = 20;
  private static final int MAX_SELECTORS = 18_002;
  private static final int RUNA = 0;
  private static final int RUNB = 1;

  private final Block block = new Block();
  private final int[] unzftab = new int[256];
  private final int[] cftab = new int[257];
  private final int[] seqToUnseq = new int[256];
  private final byte[] selector = new byte[MAX_SELECTORS];
  private final byte[] selectorMtf = new byte[MAX_SELECTORS];
  private final int[][] length = new int[MAX_GROUPS][MAX_ALPHA];
  private final int[][] limit = new int[MAX_GROUPS][MAX_CODE_LENGTH + 2];
  private final int[][] base = new int[MAX_GROUPS][MAX_CODE_LENGTH + 2];
  private final int[][] perm = new int[MAX_GROUPS][MAX_ALPHA];
  private final int[] minLength = new int[MAX_GROUPS];
  private final byte[] mtf = new byte[256];

  /**
   * Decodes the block whose magic has just been read from {@code in}; appends its bytes to
   * {@code out}. Returns the block's stored CRC (for a stream's combined CRC).
   *
   * @param blockBit the file bit offset of the block's magic, for messages
   */
  public int decode(BitInput in, ByteSink out, long blockBit) throws IOException {
    try {
      read(in, block, blockBit);
    } catch (EOFException e) {
      throw new Bz2FormatException(blockBit, "truncated block: " + e.getMessage());
    }
    walk(block);
    return unRle(block, out);
  }

  /** One block's state between reading it and producing its output. */
  private static final class Block {
    /** The block's symbols, then (after the walk) its pre-RLE1 bytes in order. */
    final byte[] ll = new byte[MAX_BLOCK];
    /** tt[j] = (position of j's successor << 8) | byte at j. */
    final int[] tt = new int[MAX_BLOCK];
    int nblock;
    int origPtr;
    int storedCrc;
    long blockBit;
  }

  /** Reads the block's symbols and builds its BWT table. */
  private void read(BitInput in, Block block, long blockBit) throws IOException {
    byte[] ll = block.ll;
    int[] tt = block.tt;
    block.blockBit = blockBit;
    int storedCrc = in.bits(32);
    if (in.bit() != 0) {
      throw new Bz2FormatException(blockBit, "randomised blocks (bzip2 < 0.9.5) are not supported");
    }
    int origPtr = in.bits(24);

    int inUse16 = in.bits(16);
    int nInUse = 0;
    for (int i = 0; i < 16; i++) {
      if ((inUse16 & (0x8000 >>> i)) != 0) {
        int v = in.bits(16);
        for (int j = 0; j < 16; j++) {
          if ((v & (0x8000 >>> j)) != 0) {
            seqToUnseq[nInUse++] = i * 16 + j;
          }
        }
      }
    }
    if (nInUse == 0) {
      throw new Bz2FormatException(blockBit, "no symbols in use");
    }
    int alphaSize = nInUse + 2;
    int nGroups = in.bits(3);
    if (nGroups < 2 || nGroups > MAX_GROUPS) {
      throw new Bz2FormatException(blockBit, "bad number of Huffman groups " + nGroups);
    }
    int nSelectors = in.bits(15);
    if (nSelectors < 1) {
      throw new Bz2FormatException(blockBit, "no selectors");
    }
    for (int i = 0; i < nSelectors; i++) {
      int j = 0;
      while (in.bit() == 1) {
        j++;
        if (j >= nGroups) {
          throw new Bz2FormatException(blockBit, "bad selector");
        }
      }
      if (i < MAX_SELECTORS) {
        selectorMtf[i] = (byte) j;
      }
    }
    nSelectors = Math.min(nSelectors, MAX_SELECTORS);
    byte[] pos = {0, 1, 2, 3, 4, 5};
    for (int i = 0; i < nSelectors; i++) {
      int v = selectorMtf[i];
      byte tmp = pos[v];
      while (v > 0) {
        pos[v] = pos[v - 1];
        v--;
      }
      pos[0] = tmp;
      selector[i] = tmp;
    }
    for (int t = 0; t < nGroups; t++) {
      int current = in.bits(5);
      int[] lengths = length[t];
      for (int i = 0; i < alphaSize; i++) {
        while (true) {
          if (current < 1 || current > MAX_CODE_LENGTH) {
            throw new Bz2FormatException(blockBit, "bad Huffman code length");
          }
          if (in.bit() == 0) {
            break;
          }
          current += in.bit() == 0 ? 1 : -1;
        }
        lengths[i] = current;
      }
      makeDecodeTable(t, alphaSize);
    }

    // Huffman → MTF/RLE2 → ll[], counting bytes in unzftab
    Arrays.fill(unzftab, 0);
    for (int i = 0; i < 256; i++) {
      mtf[i] = (byte) i;
    }
    int endOfBlock = nInUse + 1;
    int nblock = 0;
    int groupIndex = -1;
    int groupLeft = 0;
    int[] gLimit = null;
    int[] gBase = null;
    int[] gPerm = null;
    int gMin = 0;
    int runLength = 0;
    int runWeight = 1;
    while (true) {
      if (groupLeft == 0) {
        groupIndex++;
        if (groupIndex >= nSelectors) {
          throw new Bz2FormatException(blockBit, "ran out of selectors");
        }
        groupLeft = GROUP_SIZE;
        int g = selector[groupIndex];
        gLimit = limit[g];
        gBase = base[g];
        gPerm = perm[g];
        gMin = minLength[g];
      }
      groupLeft--;
      int n = gMin;
      int code = in.bits(n);
      while (n <= MAX_CODE_LENGTH && code > gLimit[n]) {
        n++;
        code = (code << 1) | in.bit();
      }
      if (n > MAX_CODE_LENGTH) {
        throw new Bz2FormatException(blockBit, "bad Huffman code");
      }
      int index = code - gBase[n];
      if (index < 0 || index >= MAX_ALPHA) {
        throw new Bz2FormatException(blockBit, "bad Huffman code");
      }
      int symbol = gPerm[index];

      if (symbol == RUNA || symbol == RUNB) {
        runLength += (symbol + 1) * runWeight;
        runWeight <<= 1;
        if (runLength > MAX_BLOCK) {
          throw new Bz2FormatException(blockBit, "run too long");
        }
        continue;
      }
      if (runLength > 0) {
        int uc = seqToUnseq[mtf[0] & 0xff];
        if (nblock + runLength > MAX_BLOCK) {
          throw new Bz2FormatException(blockBit, "block too large");
        }
        unzftab[uc] += runLength;
        Arrays.fill(ll, nblock, nblock + runLength, (byte) uc);
        nblock += runLength;
        runLength = 0;
        runWeight = 1;
      }
      if (symbol == endOfBlock) {
        break;
      }
      int nn = symbol - 1;
      if (nn >= nInUse) {
        throw new Bz2FormatException(blockBit, "bad MTF index");
      }
      byte moved = mtf[nn];
      System.arraycopy(mtf, 0, mtf, 1, nn);
      mtf[0] = moved;
      int uc = seqToUnseq[moved & 0xff];
      if (nblock >= MAX_BLOCK) {
        throw new Bz2FormatException(blockBit, "block too large");
      }
      unzftab[uc]++;
      ll[nblock++] = (byte) uc;
    }
    if (origPtr < 0 || origPtr >= nblock) {
      throw new Bz2FormatException(blockBit, "bad BWT origin pointer");
    }

    // inverse BWT (as bzip2's fast mode): tt[j] = (position of j's successor << 8) | ll[j]
    cftab[0] = 0;
    for (int i = 0; i < 256; i++) {
      cftab[i + 1] = cftab[i] + unzftab[i];
    }
    for (int j = 0; j < nblock; j++) {
      tt[j] = ll[j] & 0xff;
    }
    for (int i = 0; i < nblock; i++) {
      int uc = ll[i] & 0xff;
      tt[cftab[uc]++] |= i << 8;
    }

    block.nblock = nblock;
    block.origPtr = origPtr;
    block.storedCrc = storedCrc;
  }

  /** Walks the block's BWT (a chain of dependent random reads), writing its pre-RLE1 bytes into its ll. */
  private static void walk(Block block) {
    int[] tt = block.tt;
    byte[] out = block.ll;
    int n = block.nblock;
    int p = tt[block.origPtr] >>> 8;
    for (int k = 0; k < n; k++) {
      int e = tt[p];
      out[k] = (byte) e;
      p = e >>> 8;
    }
  }

  /** Undoes RLE1 (4 equal bytes, then a count of more) into {@code out}; checks the block's CRC. */
  private static int unRle(Block block, ByteSink out) throws Bz2FormatException {
    byte[] in = block.ll;
    int n = block.nblock;
    int start = out.size();
    int size = start;
    byte[] o = out.ensureCapacity(size + n);
    int last = -1;
    int same = 0;
    for (int k = 0; k < n; k++) {
      int ch = in[k] & 0xff;
      if (same == 4) {
        if (ch > 0) {
          o = out.ensureCapacity(size + ch + (n - k));
          Arrays.fill(o, size, size + ch, (byte) last);
          size += ch;
        }
        same = 0;
        last = -1;
        continue;
      }
      if (ch == last) {
        same++;
      } else {
        same = 1;
        last = ch;
      }
      o[size++] = (byte) ch;
    }
    out.setSize(size);
    int crc = ~Crc.update(0xffffffff, o, start, size);
    if (crc != block.storedCrc) {
      throw new Bz2FormatException(block.blockBit, String.format("block CRC mismatch (stored %08x, computed %08x)",
          block.storedCrc, crc));
    }
    return block.storedCrc;
  }

  private void makeDecodeTable(int group, int alphaSize) {
    int[] lengths = length[group];
    int min = 32;
    int max = 0;
    for (int i = 0; i < alphaSize; i++) {
      min = Math.min(min, lengths[i]);
      max = Math.max(max, lengths[i]);
    }
    minLength[group] = min;
    int[] p = perm[group];
    int pp = 0;
    for (int len = min; len <= max; len++) {
      for (int s = 0; s < alphaSize; s++) {
        if (lengths[s] == len) {
          p[pp++] = s;
        }
      }
    }
    int[] b = base[group];
    int[] l = limit[group];
    Arrays.fill(b, 0);
    Arrays.fill(l, 0);
    int[] count = new int[MAX_CODE_LENGTH + 2];
    for (int s = 0; s < alphaSize; s++) {
      count[lengths[s]]++;
    }
    // canonical codes: codes of length n start at code[n]; limit[n] = last code of length n
    int code = 0;
    int index = 0;
    for (int n = 1; n <= MAX_CODE_LENGTH; n++) {
      b[n] = code - index;       // symbol index = code - base[n]
      code += count[n];
      index += count[n];
      l[n] = count[n] == 0 ? code - 1 : code - 1;
      code <<= 1;
    }
    // lengths below the minimum must never match: their limit stays below any code read
    for (int n = 0; n < min; n++) {
      l[n] = -1;
    }
    l[MAX_CODE_LENGTH + 1] = Integer.MAX_VALUE;
  }
}
