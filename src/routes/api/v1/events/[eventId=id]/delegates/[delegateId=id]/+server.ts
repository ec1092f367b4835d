import { json } from '@sveltejs/kit';
import { api, apiIdParam, readJsonObject } from '$lib/server/http';
import { db } from '$lib/server/db';
import { requireEventAccess } from '$lib/server/auth/access';
import type { Permission } from '$lib/server/auth/permissions';
import { invalid } from '$lib/server/errors';
import { cancelDelegate, getDelegate, placeDelegate, setReplyStatus, updateDelegate } from '$lib/server/delegates/service';
import { parseDelegateInput, REPLY_STATUSES } from '$lib/server/delegates/schema';
import { delegateDto } from '$lib/server/delegates/dto';
import type { ReplyStatus } from '$lib/server/delegates/tables';
import type { RequestHandler } from './$types';

async function detail(principal: Parameters<typeof getDelegate>[1], eventId: number, id: number) {
	const d = await getDelegate(db(), principal, eventId, id);
	return {
		...delegateDto(d.delegate),
		substitutes: d.substitutes.map(delegateDto),
		attendees: d.attendees.map(delegateDto),
		defaultRank: d.defaultRank
	};
}

export const GET: RequestHandler = api(async ({ params }, principal) => {
	return json(await detail(principal, apiIdParam(params.eventId), apiIdParam(params.delegateId)));
});

export const PATCH: RequestHandler = api(async ({ params, request }, principal) => {
	const eventId = apiIdParam(params.eventId);
	const id = apiIdParam(params.delegateId);
	// A body that is not JSON meets the endpoint's permission before its own error.
	const body = await readJsonObject(request).catch(async (e) => {
		await requireEventAccess(db(), principal, eventId, 'delegate.edit');
		throw e;
	});
	const { replyStatus, replyNote, placed, ...fields } = body;
	// Access before validation, by what the body asks for: fields and placing need delegate.edit, a reply
	// invitation.send, nothing at all delegate.view.
	const needs: Permission[] = [];
	if (Object.keys(fields).length || placed === true) needs.push('delegate.edit');
	if (replyStatus !== undefined) needs.push('invitation.send');
	for (const p of needs.length ? needs : (['delegate.view'] as const)) await requireEventAccess(db(), principal, eventId, p);
	if (replyStatus !== undefined && !(REPLY_STATUSES as unknown[]).includes(replyStatus))
		throw invalid({ replyStatus: 'Trạng thái phản hồi không hợp lệ' });
	const parsed = parseDelegateInput(fields, { partial: true });
	if (!parsed.ok) throw invalid(parsed.errors);
	if (placed === true) {
		const { tierId, protocolRank, ...rest } = parsed.value;
		await placeDelegate(db(), principal, eventId, id, { tierId, protocolRank: protocolRank ?? undefined });
		if (Object.keys(rest).length) await updateDelegate(db(), principal, eventId, id, rest);
	} else if (Object.keys(parsed.value).length) await updateDelegate(db(), principal, eventId, id, parsed.value);
	if (replyStatus !== undefined)
		await setReplyStatus(db(), principal, eventId, id, replyStatus as ReplyStatus, {
			note: typeof replyNote === 'string' ? replyNote : undefined
		});
	if (!Object.keys(parsed.value).length && replyStatus === undefined && placed !== true)
		await getDelegate(db(), principal, eventId, id); // nothing to change: still check access
	return json(await detail(principal, eventId, id));
});

export const DELETE: RequestHandler = api(async ({ params }, principal) => {
	const eventId = apiIdParam(params.eventId);
	const id = apiIdParam(params.delegateId);
	await cancelDelegate(db(), principal, eventId, id);
	return json(await detail(principal, eventId, id));
});
