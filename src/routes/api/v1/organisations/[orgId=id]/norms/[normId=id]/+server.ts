import { json } from '@sveltejs/kit';
import { api, apiIdParam } from '$lib/server/http';
import { db } from '$lib/server/db';
import { orgAccess, parsedBody } from '$lib/server/budget/api';
import { listNorms, updateNorm } from '$lib/server/budget/norms';
import { parseNormInput } from '$lib/server/budget/schema';
import type { RequestHandler } from './$types';

/** Edits a norm; { archived: true } retires it (lines that use it keep it). */
export const PATCH: RequestHandler = api(async ({ params, request }, principal) => {
	const orgId = await orgAccess(principal, params.orgId, 'budget.edit');
	const { value, raw } = await parsedBody(request, (r) => parseNormInput(r, { partial: true }));
	const id = apiIdParam(params.normId);
	await updateNorm(db(), principal, orgId, id, { ...value, ...(typeof raw.archived === 'boolean' ? { archived: raw.archived } : {}) });
	return json((await listNorms(db(), principal, orgId, { includeArchived: true })).find((n) => n.id === id));
});
