/**
 * Cử người dự thay, and people named by a unit invitation. Shared by the delegate's reply page, the
 * organiser's "record a reply" form and the API; the caller holds the transaction and the row lock.
 *
 * A substitute keeps the principal's tier but not their rank (ngôi thứ không ủy quyền): they get the
 * default rank of their own position (substituteRank) and "need placing" (delegate.placed_at null, set by
 * insertDelegates for source 'substitute') until the organiser places them. The principal becomes 'replaced' with reply 'substituted', and their
 * token is rotated so the old QR and link stop working; their mails still waiting are cancelled.
 */
import { sql } from 'kysely';
import type { Tx } from '$lib/server/db';
import { writeAudit, type Actor } from '$lib/server/audit';
import type { EventRow } from '$lib/server/auth/access';
import { DomainError } from '$lib/server/errors';
import { insertDelegates, rotateToken } from '$lib/server/delegates/repository';
import { delegateIdentityKey } from '$lib/server/sheets/delegates';
import { addUnitAttendee, substituteRank } from '$lib/server/delegates/service';
import { letterSettings } from './settings';
import { delegateLine, type Delegate } from './letter';
import type { PersonInput } from './person';
import { enqueueInvitation, signalEvent } from './queue';

async function refuseListedTwice(tx: Tx, eventId: number, person: PersonInput, unit: string): Promise<void> {
	const key = delegateIdentityKey(person.fullName, unit);
	const clash = await tx
		.selectFrom('delegate')
		.select(['id', 'full_name'])
		.where('event_id', '=', eventId)
		.where('status', '=', 'active')
		.where('kind', '=', 'person')
		.where('identity_key', '=', key)
		.executeTakeFirst();
	if (clash)
		throw new DomainError('already_listed', `${clash.full_name} đã có trong danh sách đại biểu của hội nghị.`, {
			status: 409,
			fields: { fullName: 'Người này đã có trong danh sách đại biểu' }
		});
}

/** Cancels a delegate's mails not yet sent (their link is about to change). */
async function cancelPendingMails(tx: Tx, delegateId: number): Promise<void> {
	await tx
		.updateTable('mail_message')
		.set({ status: 'cancelled', last_error: 'Đã hủy: đại biểu đã thay đổi (cử người dự thay hoặc bị bỏ tên).', updated_at: sql`now()` })
		.where('delegate_id', '=', delegateId)
		.where('status', 'in', ['queued', 'retry'])
		.execute();
}

/** Replaces a locked, active person delegate by a substitute; returns the new delegate. */
export async function substituteDelegate(
	tx: Tx,
	event: EventRow,
	principal: Delegate,
	person: PersonInput,
	actor: Actor,
	via: string,
	note = ''
): Promise<Delegate> {
	if (principal.kind !== 'person')
		throw new DomainError('unit_cannot_substitute', 'Giấy mời gửi cơ quan: hãy đăng ký tên đại biểu thay vì cử người dự thay.', { status: 409 });
	if (principal.status !== 'active')
		throw new DomainError('delegate_not_active', 'Đại biểu này không còn trong danh sách mời.', { status: 409 });
	await refuseListedTwice(tx, event.id, person, principal.unit);
	const [created] = await insertDelegates(tx, [
		{
			event_id: event.id,
			tier_id: principal.tier_id,
			kind: 'person',
			salutation: person.salutation,
			full_name: person.fullName,
			position: person.position,
			unit: principal.unit,
			email: person.email,
			phone: person.phone,
			source: 'substitute',
			substitute_for: principal.id,
			parent_unit_id: principal.parent_unit_id,
			protocol_rank: substituteRank({ position: person.position, unit: principal.unit }),
			reply_status: 'attending',
			replied_at: new Date(),
			replied_via: via,
			notes: `Dự thay ${delegateLine(principal)}`
		}
	]);
	await tx
		.updateTable('delegate')
		.set({
			status: 'replaced',
			reply_status: 'substituted',
			reply_note: note,
			replied_at: sql`now()`,
			replied_via: via,
			updated_at: sql`now()`
		})
		.where('id', '=', principal.id)
		.execute();
	await rotateToken(tx, principal.id);
	await cancelPendingMails(tx, principal.id);
	const sub = await tx.selectFrom('delegate').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
	if (sub.email) await enqueueInvitation(tx, event, await letterSettings(tx, event), sub, { replaces: principal });
	await writeAudit(tx, actor, {
		action: 'invitation.reply.substituted',
		entityType: 'delegate',
		entityId: principal.id,
		organisationId: event.organisation_id,
		eventId: event.id,
		data: {
			from: principal.reply_status,
			to: 'substituted',
			via,
			delegate: delegateLine(principal),
			substitute: { id: sub.id, code: sub.code, line: delegateLine(sub), email: sub.email, phone: sub.phone },
			...(note ? { note } : {})
		}
	});
	await writeAudit(tx, actor, {
		action: 'invitation.substitute.added',
		entityType: 'delegate',
		entityId: sub.id,
		organisationId: event.organisation_id,
		eventId: event.id,
		data: { replaces: { id: principal.id, line: delegateLine(principal) }, tierId: sub.tier_id, via }
	});
	await signalEvent(tx, event.id);
	return sub;
}

// ------------------------------------------------------------------------------ unit attendees

/** People a unit named (active), oldest first. */
export async function unitAttendees(tx: Tx | import('$lib/server/db').Executor, unitId: number): Promise<Delegate[]> {
	return tx
		.selectFrom('delegate')
		.selectAll()
		.where('parent_unit_id', '=', unitId)
		.where('status', '=', 'active')
		.orderBy('id')
		.execute();
}

/**
 * A unit names one of its attendees (within its places) through the delegates capability's
 * addUnitAttendee (its rules, its audit row). The new person gets their own link and QR and, with an
 * email, their own invitation mail. A unit that had declined and now names someone changes its answer.
 */
export async function addAttendee(tx: Tx, event: EventRow, unit: Delegate, person: PersonInput, actor: Actor, via: string): Promise<Delegate> {
	if (unit.kind !== 'unit') throw new DomainError('not_a_unit', 'Chỉ giấy mời gửi cơ quan mới đăng ký danh sách đại biểu.', { status: 409 });
	if (unit.reply_status === 'declined')
		await tx.updateTable('delegate').set({ reply_status: 'pending', reply_note: '', updated_at: sql`now()` }).where('id', '=', unit.id).execute();
	const created = await addUnitAttendee(tx, unit.id, { ...person }, { actor, via });
	const d = await tx.selectFrom('delegate').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
	if (d.email) await enqueueInvitation(tx, event, await letterSettings(tx, event), d, {});
	await signalEvent(tx, event.id);
	return d;
}

/** A unit takes a name off its list (before the event): the person's link stops working. */
export async function removeAttendee(tx: Tx, event: EventRow, unit: Delegate, attendeeId: number, actor: Actor, via: string): Promise<void> {
	const a = await tx
		.selectFrom('delegate')
		.selectAll()
		.where('id', '=', attendeeId)
		.where('parent_unit_id', '=', unit.id)
		.where('status', '=', 'active')
		.forUpdate()
		.executeTakeFirst();
	if (!a) throw new DomainError('not_found', 'Không tìm thấy đại biểu này trong danh sách của cơ quan.', { status: 404 });
	await tx.updateTable('delegate').set({ status: 'cancelled', updated_at: sql`now()` }).where('id', '=', a.id).execute();
	await rotateToken(tx, a.id);
	await cancelPendingMails(tx, a.id);
	const left = await unitAttendees(tx, unit.id);
	if (!left.length)
		await tx
			.updateTable('delegate')
			.set({ reply_status: 'pending', replied_at: null, replied_via: null, updated_at: sql`now()` })
			.where('id', '=', unit.id)
			.execute();
	await writeAudit(tx, actor, {
		action: 'invitation.unit.attendee_removed',
		entityType: 'delegate',
		entityId: unit.id,
		organisationId: event.organisation_id,
		eventId: event.id,
		data: { attendee: { id: a.id, code: a.code, line: delegateLine(a) }, via }
	});
	await signalEvent(tx, event.id);
}
