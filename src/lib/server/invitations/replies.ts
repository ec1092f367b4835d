/**
 * The delegate's reply page (/r/<token>): no account, the personal link is the key. The token is looked up
 * by its SHA-256; an unknown, altered or revoked token (a replaced delegate's old link) is a 404 with a
 * Vietnamese message, never a hint of which part was wrong. Answers may change until the event starts.
 * Every reply writes an audit row (actor "Đại biểu (liên kết cá nhân)") and a NOTIFY for the organiser.
 */
import QRCode from 'qrcode';
import { inTransaction, type Executor } from '$lib/server/db';
import type { Actor } from '$lib/server/audit';
import type { EventRow } from '$lib/server/auth/access';
import { hashToken } from '$lib/server/auth/tokens';
import { DomainError, invalid } from '$lib/server/errors';
import { normalizeText } from '$lib/format';
import { letterSettings } from './settings';
import { delegateLine, delegateLink, eventRow, type Delegate } from './letter';
import { applyReply } from './service';
import { addAttendee, removeAttendee, substituteDelegate, unitAttendees } from './substitute';
import type { PersonInput } from './person';

export const LINK_ACTOR_LABEL = 'Đại biểu (liên kết cá nhân)';
export const INVALID_LINK_MESSAGE =
	'Liên kết không hợp lệ hoặc đã hết hiệu lực. Nếu Quý đại biểu đã cử người dự thay, liên kết cũ không còn dùng được; xin liên hệ Ban Tổ chức.';

export function linkActor(ip: string | null): Actor {
	return { userId: null, label: LINK_ACTOR_LABEL, ip };
}

function invalidLink(): DomainError {
	return new DomainError('invalid_link', INVALID_LINK_MESSAGE, { status: 404 });
}

/** The active delegate of a personal-link token (any event), or a 404. */
export async function delegateByToken(db: Executor, token: string, lock = false): Promise<Delegate> {
	if (!/^[a-z2-7]{20,64}$/.test(token)) throw invalidLink();
	let q = db.selectFrom('delegate').selectAll().where('token_hash', '=', hashToken(token));
	if (lock) q = q.forUpdate();
	const d = await q.executeTakeFirst();
	if (!d || d.status !== 'active') throw invalidLink();
	return d;
}

/** Replies close when the event starts (or is archived). */
export function repliesClosed(event: Pick<EventRow, 'starts_at' | 'archived_at'>, now = new Date()): boolean {
	return !!event.archived_at || now >= event.starts_at;
}

export async function qrSvg(payload: string): Promise<string> {
	return QRCode.toString(payload, { type: 'svg', margin: 1, errorCorrectionLevel: 'M', color: { dark: '#000000', light: '#ffffff' } });
}

export interface ReplyPageData {
	event: {
		title: string;
		startsAt: Date;
		endsAt: Date | null;
		venue: string;
		address: string;
		hostName: string;
		replyDeadline: string | null;
		notes: string[];
	};
	delegate: {
		kind: 'person' | 'unit';
		line: string;
		salutation: string | null;
		name: string;
		code: string;
		places: number;
		reply: Delegate['reply_status'];
		replyNote: string;
		repliedAt: Date | null;
		repliedVia: string | null;
		isSubstitute: boolean;
		replaces: string | null;
	};
	link: string;
	qr: string;
	closed: boolean;
	attendees: { id: number; line: string; code: string; email: string | null; phone: string | null; link: string; qr: string }[];
}

/** What the reply page shows. */
export async function replyPage(db: Executor, token: string, now = new Date()): Promise<ReplyPageData> {
	const d = await delegateByToken(db, token);
	const event = await eventRow(db, d.event_id);
	const s = await letterSettings(db, event);
	const link = delegateLink(d);
	const principal = d.substitute_for
		? await db.selectFrom('delegate').selectAll().where('id', '=', d.substitute_for).executeTakeFirst()
		: null;
	const attendees = d.kind === 'unit' ? await unitAttendees(db, d.id) : [];
	return {
		event: {
			title: event.title,
			startsAt: event.starts_at,
			endsAt: event.ends_at,
			venue: event.venue,
			address: event.address,
			hostName: s.hostName,
			replyDeadline: s.replyDeadline,
			notes: s.notes
		},
		delegate: {
			kind: d.kind,
			line: delegateLine(d),
			salutation: d.salutation,
			name: d.kind === 'unit' ? normalizeText(d.addressed_to || d.unit) : d.full_name,
			code: d.code,
			places: d.places,
			reply: d.reply_status,
			replyNote: d.reply_note,
			repliedAt: d.replied_at,
			repliedVia: d.replied_via,
			isSubstitute: !!d.substitute_for,
			replaces: principal ? delegateLine(principal) : null
		},
		link,
		qr: await qrSvg(link),
		closed: repliesClosed(event, now),
		attendees: await Promise.all(
			attendees.map(async (a) => {
				const l = delegateLink(a);
				return { id: a.id, line: delegateLine(a), code: a.code, email: a.email, phone: a.phone, link: l, qr: await qrSvg(l) };
			})
		)
	};
}

export type LinkReply =
	| { action: 'attend' }
	| { action: 'decline'; reason: string }
	| { action: 'substitute'; person: PersonInput }
	| { action: 'add_attendee'; person: PersonInput }
	| { action: 'remove_attendee'; attendeeId: number };

/**
 * Carries out a reply from the personal link. Returns the link the page should show next: the same one,
 * or the substitute's (the principal's link stops working at once).
 */
export async function replyByLink(
	db: Executor,
	token: string,
	reply: LinkReply,
	ip: string | null,
	now = new Date()
): Promise<{ next: string; substituteLink?: string }> {
	return inTransaction(db, async (tx) => {
		const d = await delegateByToken(tx, token, true);
		const event = await eventRow(tx, d.event_id);
		if (repliesClosed(event, now))
			throw new DomainError('replies_closed', 'Hội nghị đã bắt đầu: không nhận thay đổi trả lời qua trang này nữa. Xin liên hệ Ban Tổ chức.', {
				status: 409
			});
		const actor = linkActor(ip);
		switch (reply.action) {
			case 'attend':
				if (d.kind === 'unit' && !(await unitAttendees(tx, d.id)).length)
					throw new DomainError('unit_needs_names', 'Xin đăng ký họ tên đại biểu của cơ quan ở bên dưới.', { status: 409 });
				await applyReply(tx, event, d, { status: 'attending', note: '', via: 'link' }, actor);
				return { next: token };
			case 'decline': {
				const reason = normalizeText(reply.reason);
				if (reason.length > 500) throw invalid({ reason: 'Lý do tối đa 500 ký tự' });
				if (d.kind === 'unit' && (await unitAttendees(tx, d.id)).length)
					throw new DomainError('unit_has_attendees', 'Cơ quan đã đăng ký đại biểu: hãy bỏ tên các đại biểu trước khi báo không tham dự.', {
						status: 409
					});
				await applyReply(tx, event, d, { status: 'declined', note: reason, via: 'link' }, actor);
				return { next: token };
			}
			case 'substitute': {
				const sub = await substituteDelegate(tx, event, d, reply.person, actor, 'link');
				const l = delegateLink(sub);
				return { next: l.slice(l.lastIndexOf('/') + 1), substituteLink: l };
			}
			case 'add_attendee':
				await addAttendee(tx, event, d, reply.person, actor, 'link');
				return { next: token };
			case 'remove_attendee':
				if (d.kind !== 'unit') throw invalidLink();
				await removeAttendee(tx, event, d, reply.attendeeId, actor, 'link');
				return { next: token };
		}
	});
}
