/**
 * The letter's and the mail's text for one event (invitation_settings). Absent rows and empty fields fall
 * back to defaults derived from the event, so a new conference can issue letters at once.
 */
import { sql } from 'kysely';
import { inTransaction, type Executor } from '$lib/server/db';
import { changedFields, writeAudit } from '$lib/server/audit';
import { actorOf, requireEventAccess, type EventRow, type Principal } from '$lib/server/auth/access';
import { invalid } from '$lib/server/errors';
import { normalizeText, parseVnDate } from '$lib/format';

export interface LetterSettings {
	subject: string;
	hostName: string;
	programmeSummary: string[];
	notes: string[];
	closing: string;
	recipientsList: string[];
	/** 'YYYY-MM-DD' or null (the văn thư dates the letter by hand). */
	issueDate: string | null;
	replyDeadline: string | null;
	mailSubject: string;
	mailMessage: string;
	/** When the text last changed (part of the letters' PDF date). */
	updatedAt: Date | null;
}

export const DEFAULT_PROGRAMME = [
	'Báo cáo tổng kết Phong trào thi đua;',
	'Tham luận của các đơn vị, địa phương điển hình;',
	'Công bố quyết định và trao khen thưởng cho các tập thể, cá nhân có thành tích xuất sắc;',
	'Phát biểu chỉ đạo của lãnh đạo tỉnh.'
];

export const DEFAULT_NOTES = [
	'Trang phục: Nam áo sơ mi, quần âu; nữ áo dài truyền thống hoặc trang phục công sở.',
	'Đề nghị đại biểu có mặt trước giờ khai mạc 15 phút, mang theo Giấy mời này để làm thủ tục đón tiếp.'
];

export const DEFAULT_RECIPIENTS = ['- Như trên;', '- Lưu: VT.'];

/** "ỦY BAN NHÂN DÂN" + "TỈNH KHÁNH HÒA" → "Ủy ban nhân dân tỉnh Khánh Hòa". */
export function defaultHostName(e: Pick<EventRow, 'authority_parent' | 'authority_name' | 'place_name'>): string {
	const joined = normalizeText(`${e.authority_parent} ${e.authority_name}`).toLocaleLowerCase('vi');
	if (!joined) return 'Ban Tổ chức Hội nghị';
	let out = joined.charAt(0).toLocaleUpperCase('vi') + joined.slice(1);
	const place = normalizeText(e.place_name);
	if (place) out = out.replace(place.toLocaleLowerCase('vi'), place);
	return out;
}

const lines = (s: string) =>
	s
		.split(/\r?\n/)
		.map((l) => normalizeText(l))
		.filter(Boolean);

/** The event's letter settings with defaults filled in. */
export async function letterSettings(db: Executor, event: EventRow): Promise<LetterSettings> {
	const row = await db.selectFrom('invitation_settings').selectAll().where('event_id', '=', event.id).executeTakeFirst();
	const programme = row ? lines(row.programme_summary) : [];
	const notes = row ? lines(row.notes) : [];
	const recipients = row ? lines(row.recipients_list) : [];
	return {
		subject: row?.subject || '',
		hostName: row?.host_name || defaultHostName(event),
		programmeSummary: row ? programme : DEFAULT_PROGRAMME,
		notes: row ? notes : DEFAULT_NOTES,
		closing: row?.closing ?? '',
		recipientsList: recipients.length ? recipients : DEFAULT_RECIPIENTS,
		issueDate: row?.issue_date ?? null,
		replyDeadline: row?.reply_deadline ?? null,
		mailSubject: row?.mail_subject || `Giấy mời dự ${normalizeText(event.title)}`,
		mailMessage: row?.mail_message ?? '',
		updatedAt: row?.updated_at ?? null
	};
}

export interface LetterSettingsInput {
	subject: string;
	hostName: string;
	programmeSummary: string;
	notes: string;
	closing: string;
	recipientsList: string;
	issueDate: string;
	replyDeadline: string;
	mailSubject: string;
	mailMessage: string;
}

const LIMITS: Record<keyof LetterSettingsInput, number> = {
	subject: 400,
	hostName: 200,
	programmeSummary: 3000,
	notes: 3000,
	closing: 500,
	recipientsList: 1000,
	issueDate: 20,
	replyDeadline: 20,
	mailSubject: 300,
	mailMessage: 3000
};

/** Validates the letter form: NFC text, length limits, Vietnamese dates. */
export function parseLetterSettings(values: Record<string, unknown>): LetterSettingsInput {
	const errors: Record<string, string> = {};
	const out = {} as LetterSettingsInput;
	for (const key of Object.keys(LIMITS) as (keyof LetterSettingsInput)[]) {
		const raw = typeof values[key] === 'string' ? (values[key] as string) : '';
		// Multi-line fields keep their lines; each line is tidied when read.
		const v = raw.normalize('NFC').replace(/\r\n/g, '\n').trim();
		if (v.length > LIMITS[key]) errors[key] = `Tối đa ${LIMITS[key]} ký tự`;
		out[key] = v;
	}
	for (const key of ['issueDate', 'replyDeadline'] as const) {
		if (out[key]) {
			const d = parseVnDate(out[key]);
			if (!d) errors[key] = 'Ngày không hợp lệ (dd/mm/yyyy)';
			else out[key] = d;
		}
	}
	if (Object.keys(errors).length) throw invalid(errors);
	return out;
}

/** Saves the letter settings of an event (organisers), with an audit row of what changed. */
export async function updateLetterSettings(
	db: Executor,
	principal: Principal,
	eventId: number,
	input: LetterSettingsInput
): Promise<void> {
	await inTransaction(db, async (tx) => {
		const { event } = await requireEventAccess(tx, principal, eventId, 'invitation.send');
		const before = await tx.selectFrom('invitation_settings').selectAll().where('event_id', '=', eventId).forUpdate().executeTakeFirst();
		const cols = {
			subject: input.subject,
			host_name: input.hostName,
			programme_summary: input.programmeSummary,
			notes: input.notes,
			closing: input.closing,
			recipients_list: input.recipientsList,
			issue_date: input.issueDate || null,
			reply_deadline: input.replyDeadline || null,
			mail_subject: input.mailSubject,
			mail_message: input.mailMessage
		};
		const changes = before ? changedFields(before as unknown as Record<string, unknown>, cols) : cols;
		if (before && !Object.keys(changes).length) return;
		await tx
			.insertInto('invitation_settings')
			.values({ event_id: eventId, ...cols, updated_by: principal.user.id })
			.onConflict((oc) => oc.column('event_id').doUpdateSet({ ...cols, updated_by: principal.user.id, updated_at: sql`now()` }))
			.execute();
		await writeAudit(tx, actorOf(principal), {
			action: 'invitation.settings.updated',
			entityType: 'event',
			entityId: eventId,
			organisationId: event.organisation_id,
			eventId,
			data: changes as Record<string, unknown>
		});
	});
}

/** The form's values for the settings page (empty fields show the defaults). */
export async function letterSettingsForm(db: Executor, event: EventRow): Promise<Record<keyof LetterSettingsInput, string>> {
	const s = await letterSettings(db, event);
	return {
		subject: s.subject,
		hostName: s.hostName,
		programmeSummary: s.programmeSummary.join('\n'),
		notes: s.notes.join('\n'),
		closing: s.closing,
		recipientsList: s.recipientsList.join('\n'),
		issueDate: s.issueDate ? isoToVn(s.issueDate) : '',
		replyDeadline: s.replyDeadline ? isoToVn(s.replyDeadline) : '',
		mailSubject: s.mailSubject,
		mailMessage: s.mailMessage
	};
}

export function isoToVn(d: string): string {
	const [y, m, day] = d.split('-');
	return `${day}/${m}/${y}`;
}
