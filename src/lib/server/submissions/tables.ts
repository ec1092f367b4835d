/** Column types of tham luận, internal documents and the booklet (migrations/0005_submissions_and_files.ts). */
import type { Generated, JSONColumnType } from 'kysely';
import type { CreatedAt, Timestamp } from '$lib/server/db/foundation-tables';

export type SubmissionKind = 'tham_luan' | 'main_report' | 'directing_speech' | 'opening_speech';
/** Review status of a tham luận (null: no version yet). */
export type PaperStatus = 'submitted' | 'presented' | 'printed' | 'revision' | 'rejected';
export type Decision = 'presented' | 'printed' | 'revision' | 'rejected';
/** Status of an internal document. */
export type DocStatus = 'draft' | 'for_approval' | 'approved';
export type FileKind = 'pdf' | 'docx';
export type UploadedVia = 'link' | 'staff' | 'api' | 'demo';
export type LinkPurpose = 'invite' | 'reminder' | 'revision' | 'manual' | 'demo';

export interface SubmissionCallTable {
	id: Generated<number>;
	event_id: number;
	/** What the tham luận should be about (shown on the unit's page and in the mail). */
	guidance: Generated<string>;
	deadline: Timestamp;
	accept_pdf: Generated<boolean>;
	accept_docx: Generated<boolean>;
	/** 1–20: the upload limit of this call (the application never accepts more than 20 MB). */
	max_size_mb: Generated<number>;
	/** "3–5 trang A4", "khoảng 1.500 chữ". */
	expected_length: Generated<string>;
	/** Default speaking time of a tham luận selected for presentation. */
	speaking_minutes: Generated<number>;
	created_by: number | null;
	created_at: CreatedAt;
	updated_at: Generated<Date>;
}

export interface SubmissionUnitTable {
	id: Generated<number>;
	event_id: number;
	name: string;
	email: string | null;
	contact_name: Generated<string>;
	/** The unit's row in the delegate list, when it was chosen from there. */
	delegate_id: number | null;
	/** Uploads stay open for this unit until then, past the call's deadline (reopened or sent back). */
	reopened_until: Timestamp | null;
	invited_at: Timestamp | null;
	last_reminded_at: Timestamp | null;
	reminder_count: Generated<number>;
	created_by: number | null;
	created_at: CreatedAt;
	updated_at: Generated<Date>;
}

export interface SubmissionLinkTable {
	id: Generated<number>;
	unit_id: number;
	event_id: number;
	/** SHA-256 (hex) of the random token; the token itself is only in the mail or shown once. */
	token_hash: string;
	purpose: Generated<LinkPurpose>;
	created_by: number | null;
	created_at: CreatedAt;
	revoked_at: Timestamp | null;
	last_used_at: Timestamp | null;
}

export interface SubmissionTable {
	id: Generated<number>;
	event_id: number;
	kind: SubmissionKind;
	unit_id: number | null;
	title: Generated<string>;
	presenter_name: Generated<string>;
	presenter_position: Generated<string>;
	summary: Generated<string>;
	owner_user_id: number | null;
	/** The drafting department of an internal document. */
	owner_unit: Generated<string>;
	doc_status: DocStatus | null;
	status: PaperStatus | null;
	/** The reason given with the last decision (what the unit reads when sent back). */
	decision_note: Generated<string>;
	decided_at: Timestamp | null;
	decided_by: number | null;
	presentation_order: number | null;
	speaking_minutes: number | null;
	current_version_id: number | null;
	created_at: CreatedAt;
	updated_at: Generated<Date>;
}

export interface SubmissionVersionTable {
	id: Generated<number>;
	submission_id: number;
	event_id: number;
	number: number;
	sha256: string;
	size: number;
	content_type: string;
	file_kind: FileKind;
	/** The name the file had on the uploader's computer (checked: no separators or control characters). */
	file_name: string;
	page_count: number | null;
	/** A DOCX converted to PDF by LibreOffice for the booklet (cached). */
	converted_sha256: string | null;
	uploaded_via: UploadedVia;
	uploaded_by: number | null;
	uploaded_by_label: Generated<string>;
	created_at: CreatedAt;
}

export interface SubmissionReviewTable {
	id: Generated<number>;
	submission_id: number;
	event_id: number;
	version_id: number | null;
	author_user_id: number | null;
	author_label: Generated<string>;
	decision: Decision | null;
	body: Generated<string>;
	reopened_until: Timestamp | null;
	created_at: CreatedAt;
}

export interface BookletItem {
	submissionId: number;
	kind: SubmissionKind;
	section: 'report' | 'presented' | 'printed';
	title: string;
	unit: string;
	startPage: number;
	pages: number;
	versionNumber: number;
	converted: boolean;
}

/**
 * Why a booklet should not go to print as it is: its main report is missing, not approved, or not the
 * current version. Computed from the current documents when the booklet is shown (not stored).
 */
export interface BookletWarning {
	code: 'report_missing' | 'report_not_approved' | 'report_changed';
	message: string;
}

export interface BookletMissing {
	submissionId: number;
	title: string;
	unit: string;
	reason: 'docx_needs_pdf' | 'no_version' | 'conversion_failed' | 'unreadable';
	message: string;
}

export interface SubmissionBookletTable {
	id: Generated<number>;
	event_id: number;
	sha256: string;
	size: number;
	page_count: number;
	contents: JSONColumnType<BookletItem[], string, string>;
	missing: JSONColumnType<BookletMissing[], string, string>;
	duration_ms: Generated<number>;
	created_by: number | null;
	created_at: CreatedAt;
}

export interface SubmissionTables {
	submission_call: SubmissionCallTable;
	submission_unit: SubmissionUnitTable;
	submission_link: SubmissionLinkTable;
	submission: SubmissionTable;
	submission_version: SubmissionVersionTable;
	submission_review: SubmissionReviewTable;
	submission_booklet: SubmissionBookletTable;
}
