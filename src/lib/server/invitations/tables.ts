/** Column types of the invitation tables (migrations/0008_invitations.ts). */
import type { Generated, JSONColumnType } from 'kysely';
import type { CreatedAt, DateString } from '$lib/server/db/foundation-tables';

export interface InvitationSettingsTable {
	event_id: number;
	/** Trích yếu under "GIẤY MỜI". */
	subject: Generated<string>;
	/** The inviting body as the letter opens: "Ủy ban nhân dân tỉnh Khánh Hòa". Empty: derived from the letterhead. */
	host_name: Generated<string>;
	/** One item per line. */
	programme_summary: Generated<string>;
	/** One note per line ("Trang phục: …", "Liên hệ: …"). */
	notes: Generated<string>;
	/** Closing sentence; empty: the default for a person or an office. */
	closing: Generated<string>;
	/** "Nơi nhận" lines. */
	recipients_list: Generated<string>;
	/** Ngày ký; null leaves the date line blank for the văn thư. */
	issue_date: DateString | null;
	/** "Xin xác nhận trước ngày …" in the mail and on the reply page. */
	reply_deadline: DateString | null;
	mail_subject: Generated<string>;
	/** A paragraph added to the invitation mail. */
	mail_message: Generated<string>;
	updated_at: Generated<Date>;
	updated_by: number | null;
}

export type RoundKind = 'invitation' | 'reminder';

export interface InvitationRoundTable {
	id: Generated<number>;
	event_id: number;
	kind: RoundKind;
	number: number;
	/** The confirming form's nonce: a repeated request finds its round. */
	request_key: string;
	batch_id: number | null;
	audience: JSONColumnType<Record<string, unknown>, string, string>;
	recipients: Generated<number>;
	created_by: number | null;
	created_at: CreatedAt;
}

export interface InvitationTables {
	invitation_settings: InvitationSettingsTable;
	invitation_round: InvitationRoundTable;
}
