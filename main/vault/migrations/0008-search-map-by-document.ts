import type { Migration } from "./types.js";

/**
 * search_map (0007) looked up the other way: document -> full-text row ids. When the archive list walks a
 * sort index and checks a common word row by row (queries/search.ts, the "walk" plan), it now keeps the
 * matches as the index's integer row ids (straight from the doclists) and asks this index for each
 * document it steps over, instead of turning every match (a quarter of the archive for a common word)
 * into a text document id first. Measured at 100k documents: the check went from ~25 ms to ~6 ms.
 */
export const migration0008: Migration = {
  version: 8,
  name: "search map by document",
  up(db) {
    db.exec("CREATE INDEX search_map_document ON search_map (document_id, fts_rowid);");
  },
};
