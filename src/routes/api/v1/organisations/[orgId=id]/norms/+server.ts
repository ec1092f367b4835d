import { json } from '@sveltejs/kit';
import { api } from '$lib/server/http';
import { db } from '$lib/server/db';
import { orgAccess, parsedBody } from '$lib/server/budget/api';
import { createNorm, listNorms } from '$lib/server/budget/norms';
import { parseNormInput, type NormInput } from '$lib/server/budget/schema';
import type { RequestHandler } from './$types';

/** The organisation's spending norms (?archived=true includes retired ones). */
export const GET: RequestHandler = api(async ({ params, url }, principal) => {
	const orgId = await orgAccess(principal, params.orgId, 'budget.view');
	return json({ norms: await listNorms(db(), principal, orgId, { includeArchived: url.searchParams.get('archived') === 'true' }) });
});

export const POST: RequestHandler = api(async ({ params, request }, principal) => {
	const orgId = await orgAccess(principal, params.orgId, 'budget.edit');
	const { value } = await parsedBody(request, (raw) => parseNormInput(raw));
	const id = await createNorm(db(), principal, orgId, value as NormInput);
	const norm = (await listNorms(db(), principal, orgId)).find((n) => n.id === id);
	return json(norm, { status: 201 });
});
