package org.campaignmetrics.source.dumps;

import java.io.Serializable;
import java.util.Iterator;

/** What a Spark task does with one piece of a dump file. */
@FunctionalInterface
public interface PieceFunction<R> extends Serializable {
  /**
   * @param file       the file the piece belongs to
   * @param pieceStart where the piece starts in the compressed file (orders the pieces of a file)
   * @param lines      the piece's lines, each line belonging to exactly one piece
   */
  Iterator<R> apply(DumpFile file, long pieceStart, LineCursor lines);
}
