import { json } from '@sveltejs/kit';
import { api, apiIdParam, readJsonObject } from '$lib/server/http';
import { db } from '$lib/server/db';
import { requireEventAccess } from '$lib/server/auth/access';
import { invalid } from '$lib/server/errors';
import { createDelegate, getDelegate, listDelegates, summaryOf } from '$lib/server/delegates/service';
import { parseDelegateInput, parseListFilters, type DelegateInput } from '$lib/server/delegates/schema';
import { delegateDto } from '$lib/server/delegates/dto';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = api(async ({ params, url }, principal) => {
	const eventId = apiIdParam(params.eventId);
	const delegates = await listDelegates(db(), principal, eventId, parseListFilters(url.searchParams));
	return json({ delegates: delegates.map(delegateDto), summary: await summaryOf(db(), eventId) });
});

export const POST: RequestHandler = api(async ({ params, request }, principal) => {
	const eventId = apiIdParam(params.eventId);
	await requireEventAccess(db(), principal, eventId, 'delegate.edit');
	const parsed = parseDelegateInput(await readJsonObject(request));
	if (!parsed.ok) throw invalid(parsed.errors);
	const id = await createDelegate(db(), principal, eventId, parsed.value as DelegateInput, { source: 'api' });
	const { delegate } = await getDelegate(db(), principal, eventId, id);
	return json(delegateDto(delegate), { status: 201 });
});
