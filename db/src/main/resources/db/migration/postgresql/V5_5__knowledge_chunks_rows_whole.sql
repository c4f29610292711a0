-- A chunk's row keeps its columns in the row up to a page (8,160 bytes) instead of moving the
-- largest ones to the TOAST table past 2,032 bytes. With the vector in the row (V5_2), a chunk of
-- a few hundred characters had its tsvector moved out, and a keyword search then read it through
-- the TOAST table for every match it ranked (three more page reads each); a search reads a chunk's
-- vector, text and tsvector together, so they belong together. Rows larger than a page are
-- compressed and moved out as before. Applies to rows written from now on.
alter table knowledge_chunks set (toast_tuple_target = 8160);
