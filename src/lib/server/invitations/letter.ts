/**
 * Giấy mời of one event: the letter data (InvitationLetter) built from the event's letterhead, the letter
 * settings and a delegate, and the PDFs: one delegate, all in protocol order (one file to print), and a ZIP
 * of one file per delegate.
 *
 * A letter's PDF date is the latest change of the data it shows (event, letter text, delegate), never the
 * clock: the same data gives the same bytes, so the letter attached to a mail can be checked against a
 * fresh rendering, and printing twice gives identical files.
 */
import type { Selectable } from 'kysely';
import { zipSync } from 'fflate';
import type { Executor } from '$lib/server/db';
import type { EventRow } from '$lib/server/auth/access';
import type { DelegateTable } from '$lib/server/delegates/tables';
import { orderedDelegates, type DelegateRow } from '$lib/server/delegates/order';
import { delegateToken, personalLink } from '$lib/server/delegates/token';
import { recipientLine, renderInvitations, type InvitationLetter, type InvitationRecipient } from '$lib/server/pdf/invitation';
import { renderInvitationsDocx } from '$lib/server/docx/invitation';
import { normalizeText, searchKey } from '$lib/format';
import { DomainError, notFound } from '$lib/server/errors';
import { letterSettings, type LetterSettings } from './settings';

export type Delegate = Selectable<DelegateTable>;

/** The delegate's personal link (reply page; the QR at the door encodes exactly this). */
export function delegateLink(d: Pick<Delegate, 'id' | 'token_version'>): string {
	return personalLink(delegateToken(d.id, d.token_version));
}

export function recipientOf(d: Delegate): InvitationRecipient {
	if (d.kind === 'unit') {
		return {
			salutation: null,
			name: null,
			position: null,
			unit: null,
			addressedTo: normalizeText(d.addressed_to) || normalizeText(d.unit),
			places: d.places
		};
	}
	return {
		salutation: d.salutation,
		name: d.full_name,
		position: d.position,
		unit: d.unit,
		addressedTo: null
	};
}

/** "Ông Nguyễn Văn A – Giám đốc Sở Tài chính" / "Lãnh đạo Sở Tài chính (02 đại biểu)". */
export function delegateLine(d: Delegate): string {
	return recipientLine(recipientOf(d));
}

/** Vietnamese noon of a calendar date, for the letter's date line. */
function calendarDate(iso: string): Date {
	return new Date(`${iso}T05:00:00Z`);
}

export interface LetterExtras {
	/** For a substitute: the person they replace (a line in the notes). */
	replaces?: Delegate | null;
}

export function buildLetter(event: EventRow, s: LetterSettings, d: Delegate, extras: LetterExtras = {}): InvitationLetter {
	const notes = [...s.notes];
	if (extras.replaces) notes.unshift(`Dự thay: ${delegateLine(extras.replaces)}.`);
	if (s.replyDeadline) {
		const [y, m, day] = s.replyDeadline.split('-');
		notes.push(`Xác nhận tham dự: trước ngày ${day}/${m}/${y}, qua mã QR dưới đây.`);
	}
	return {
		authorityParent: event.authority_parent,
		authorityName: event.authority_name,
		docNumber: event.doc_number,
		docSymbol: event.doc_symbol,
		placeName: event.place_name,
		issueDate: s.issueDate ? calendarDate(s.issueDate) : null,
		title: 'GIẤY MỜI',
		subject: s.subject || null,
		recipient: recipientOf(d),
		hostName: s.hostName,
		eventTitle: event.title,
		startsAt: event.starts_at,
		venue: event.venue,
		address: event.address || null,
		programmeSummary: s.programmeSummary,
		notes,
		qrPayload: delegateLink(d),
		checkinCode: d.code,
		closing: s.closing || undefined,
		signerPrefix: event.signer_prefix || null,
		signerTitle: event.signer_title,
		signerName: event.signer_name,
		recipientsList: s.recipientsList
	};
}

function latest(...dates: (Date | null | undefined)[]): Date {
	const t = Math.max(0, ...dates.filter((d): d is Date => !!d).map((d) => d.getTime()));
	// Whole seconds: the PDF date format has no milliseconds.
	return new Date(Math.floor(t / 1000) * 1000);
}

export async function eventRow(db: Executor, eventId: number): Promise<EventRow> {
	const e = await db.selectFrom('event').selectAll().where('id', '=', eventId).executeTakeFirst();
	if (!e) throw notFound('Không tìm thấy hội nghị');
	return e as EventRow;
}

async function principalsOf(db: Executor, ds: Delegate[]): Promise<Map<number, Delegate>> {
	const ids = [...new Set(ds.map((d) => d.substitute_for).filter((x): x is number => !!x))];
	if (!ids.length) return new Map();
	const rows = await db.selectFrom('delegate').selectAll().where('id', 'in', ids).execute();
	return new Map(rows.map((r) => [r.id, r]));
}

/** File name in a ZIP or a download: "giay-moi-007-nguyen-van-a.pdf". */
export function letterFilename(d: Pick<Delegate, 'full_name' | 'addressed_to' | 'unit' | 'code'>, stt?: number): string {
	const name = searchKey(d.full_name || d.addressed_to || d.unit || d.code).replace(/ /g, '-').slice(0, 60).replace(/-+$/, '');
	return ['giay-moi', stt ? String(stt).padStart(3, '0') : null, name || 'dai-bieu'].filter(Boolean).join('-') + '.pdf';
}

/** One delegate's letter content (any status: an organiser may reprint a cancelled one's letter), and its date. */
async function delegateLetter(db: Executor, eventId: number, delegateId: number): Promise<{ delegate: Delegate; letter: InvitationLetter; date: Date }> {
	const d = await db.selectFrom('delegate').selectAll().where('id', '=', delegateId).where('event_id', '=', eventId).executeTakeFirst();
	if (!d) throw notFound('Không tìm thấy đại biểu');
	const event = await eventRow(db, eventId);
	const s = await letterSettings(db, event);
	const replaces = (await principalsOf(db, [d])).get(d.substitute_for ?? 0) ?? null;
	return { delegate: d, letter: buildLetter(event, s, d, { replaces }), date: latest(event.updated_at, s.updatedAt, d.updated_at, replaces?.updated_at) };
}

/** One delegate's letter as PDF. */
export async function renderDelegateLetter(
	db: Executor,
	eventId: number,
	delegateId: number
): Promise<{ bytes: Uint8Array; filename: string; delegate: Delegate }> {
	const { delegate, letter, date } = await delegateLetter(db, eventId, delegateId);
	const bytes = await renderInvitations([letter], { documentDate: date });
	return { bytes, filename: letterFilename(delegate), delegate };
}

/**
 * Renders a delegate's letter from the id alone (the mail attachment renderer). A delegate cancelled or
 * replaced after the mail was queued gets no letter: the mail fails with that reason instead of carrying a
 * revoked link.
 */
export async function renderLetterById(db: Executor, delegateId: number): Promise<Uint8Array> {
	const d = await db.selectFrom('delegate').select(['event_id', 'status']).where('id', '=', delegateId).executeTakeFirst();
	if (!d) throw notFound('Không tìm thấy đại biểu');
	if (d.status !== 'active')
		throw new DomainError('delegate_not_active', d.status === 'replaced' ? 'Đại biểu đã cử người dự thay: giấy mời này không còn hiệu lực.' : 'Đại biểu đã bị hủy mời.', { status: 409 });
	return (await renderDelegateLetter(db, d.event_id, delegateId)).bytes;
}

export type LetterFilter = 'all' | 'no-email' | 'not-sent';

export const LETTER_FILTER_LABELS: Record<LetterFilter, string> = {
	all: 'Tất cả đại biểu',
	'no-email': 'Đại biểu không có email (gửi bản giấy)',
	'not-sent': 'Đại biểu chưa nhận được thư mời'
};

export function isLetterFilter(v: unknown): v is LetterFilter {
	return v === 'all' || v === 'no-email' || v === 'not-sent';
}

export interface NumberedDelegate {
	stt: number;
	delegate: DelegateRow;
}

/**
 * Active delegates in protocol order with their number in the whole list (STT), then filtered:
 * the numbers stay those of the full list, so a printed letter and the list agree.
 */
export async function lettersSelection(
	db: Executor,
	eventId: number,
	filter: LetterFilter = 'all',
	tierId?: number
): Promise<NumberedDelegate[]> {
	const all = (await orderedDelegates(db, eventId)).map((delegate, i) => ({ stt: i + 1, delegate }));
	let sel = all;
	if (tierId) sel = sel.filter((x) => x.delegate.tier_id === tierId);
	if (filter === 'no-email') sel = sel.filter((x) => !x.delegate.email);
	if (filter === 'not-sent') {
		const sent = new Set(
			(
				await db
					.selectFrom('mail_message')
					.select('delegate_id')
					.where('event_id', '=', eventId)
					.where('kind', '=', 'invitation')
					.where('status', 'in', ['sent', 'uncertain'])
					.execute()
			).map((r) => r.delegate_id)
		);
		sel = sel.filter((x) => !sent.has(x.delegate.id));
	}
	return sel;
}

async function lettersFor(db: Executor, eventId: number, sel: NumberedDelegate[]) {
	const event = await eventRow(db, eventId);
	const s = await letterSettings(db, event);
	const principals = await principalsOf(db, sel.map((x) => x.delegate));
	return sel.map(({ stt, delegate }) => {
		const replaces = principals.get(delegate.substitute_for ?? 0) ?? null;
		return {
			stt,
			delegate,
			letter: buildLetter(event, s, delegate, { replaces }),
			date: latest(event.updated_at, s.updatedAt, delegate.updated_at, replaces?.updated_at)
		};
	});
}

/** The letters of a selection (all, by tier, to print, …), in protocol order. */
async function selectedLetters(db: Executor, eventId: number, filter: LetterFilter, tierId?: number) {
	return lettersFor(db, eventId, await lettersSelection(db, eventId, filter, tierId));
}

/** All selected letters in one PDF, in protocol order, each on a new page (for printing). */
export async function renderLettersPdf(
	db: Executor,
	eventId: number,
	filter: LetterFilter = 'all',
	tierId?: number
): Promise<{ bytes: Uint8Array; count: number }> {
	const items = await selectedLetters(db, eventId, filter, tierId);
	const bytes = await renderInvitations(
		items.map((x) => x.letter),
		{ documentDate: latest(...items.map((x) => x.date)) }
	);
	return { bytes, count: items.length };
}

/** All selected letters in one Word document (.docx), in protocol order, each on a new page (to edit in Word). */
export async function renderLettersDocx(
	db: Executor,
	eventId: number,
	filter: LetterFilter = 'all',
	tierId?: number
): Promise<{ bytes: Uint8Array; count: number }> {
	const items = await selectedLetters(db, eventId, filter, tierId);
	return { bytes: await renderInvitationsDocx(items.map((x) => x.letter)), count: items.length };
}

/** One delegate's letter as .docx (any status, as the PDF). */
export async function renderDelegateLetterDocx(db: Executor, eventId: number, delegateId: number): Promise<{ bytes: Uint8Array; filename: string }> {
	const { delegate, letter } = await delegateLetter(db, eventId, delegateId);
	return { bytes: await renderInvitationsDocx([letter]), filename: letterFilename(delegate).replace(/\.pdf$/, '.docx') };
}

/** A ZIP with one PDF per selected delegate, "giay-moi-<stt>-<name>.pdf" (PDFs are stored, not deflated). */
export async function renderLettersZip(
	db: Executor,
	eventId: number,
	filter: LetterFilter = 'all',
	tierId?: number
): Promise<{ bytes: Uint8Array; count: number }> {
	const items = await selectedLetters(db, eventId, filter, tierId);
	const files: Record<string, [Uint8Array, { level: 0; mtime: Date }]> = {};
	for (const x of items) {
		const pdf = await renderInvitations([x.letter], { documentDate: x.date });
		let name = letterFilename(x.delegate, x.stt);
		// Two delegates with the same STT cannot happen; the same name can (a unit's two letters): keep both.
		if (files[name]) name = name.replace(/\.pdf$/, `-${x.delegate.code}.pdf`);
		files[name] = [pdf, { level: 0, mtime: x.date.getTime() > 315532800000 ? x.date : new Date('1980-01-02T00:00:00Z') }];
	}
	return { bytes: zipSync(files), count: items.length };
}
