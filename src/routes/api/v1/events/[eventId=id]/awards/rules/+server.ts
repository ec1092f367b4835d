import { json } from '@sveltejs/kit';
import { api, apiIdParam } from '$lib/server/http';
import { db } from '$lib/server/db';
import { requireEventAccess } from '$lib/server/auth/access';
import { rulesView } from '$lib/server/awards/rules';
import type { RequestHandler } from './$types';

/** The prize rules in force: base salary periods, decrees with rounding, coefficients, each with verified and source. */
export const GET: RequestHandler = api(async ({ params }, principal) => {
	await requireEventAccess(db(), principal, apiIdParam(params.eventId), 'award.view');
	const { history: _h, ...rules } = await rulesView(db());
	void _h;
	return json(rules);
});
