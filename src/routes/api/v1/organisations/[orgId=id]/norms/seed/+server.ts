import { json } from '@sveltejs/kit';
import { api } from '$lib/server/http';
import { db } from '$lib/server/db';
import { orgAccess } from '$lib/server/budget/api';
import { seedNorms } from '$lib/server/budget/norms';
import type { RequestHandler } from './$types';

/** Adds the standard norms (TT 40/2017 as amended, HĐND placeholders) the organisation does not have yet. */
export const POST: RequestHandler = api(async ({ params }, principal) => {
	const orgId = await orgAccess(principal, params.orgId, 'budget.edit');
	return json({ added: await seedNorms(db(), principal, orgId) });
});
