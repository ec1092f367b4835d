/** Column types of the stored-file registry (migrations/0005_submissions_and_files.ts). */
import type { CreatedAt } from '$lib/server/db/foundation-tables';

export interface StoredFileTable {
	/** SHA-256 (hex) of the content: the file's name under FILES_DIR. */
	sha256: string;
	size: number;
	/** Decided by the content (application/pdf, the DOCX type), never by the client. */
	content_type: string;
	created_at: CreatedAt;
}

export interface FileTables {
	stored_file: StoredFileTable;
}
