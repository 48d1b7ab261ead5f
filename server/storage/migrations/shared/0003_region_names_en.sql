-- English names of the regions and provinces. The reference data has only the official
-- Dutch, French and German names; the loader adds the English ones by NIS code.
ALTER TABLE regions ADD COLUMN name_en TEXT;
ALTER TABLE provinces ADD COLUMN name_en TEXT;
