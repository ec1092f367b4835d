import { db } from '$lib/server/db';
import { guardLoad, idParam, requirePrincipal } from '$lib/server/http';
import { getBudget } from '$lib/server/budget/summary';
import { listNormRows } from '$lib/server/budget/norms';
import { budgetSigners } from '$lib/server/budget/signers';
import { CATEGORIES, CATEGORY_LABELS, FUND_TYPES, FUND_TYPE_LABELS, FUND_TYPE_SHORT } from '$lib/server/budget/labels';
import type { LayoutServerLoad } from './$types';

/** Budget pages: budget.view (finance, organisers, administrators); everyone else gets 403. */
export const load: LayoutServerLoad = async (event) => {
	const principal = requirePrincipal(event);
	const eventId = idParam(event.params.eventId);
	const budget = await guardLoad(() => getBudget(db(), principal, eventId));
	const norms = await listNormRows(db(), budget.organisation.id, { includeArchived: true });
	const signers = await budgetSigners(db(), budget.organisation.id);
	return {
		budget,
		norms,
		signers,
		labels: {
			categories: CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABELS[c] })),
			fundTypes: FUND_TYPES.map((f) => ({ value: f, label: FUND_TYPE_LABELS[f], short: FUND_TYPE_SHORT[f] }))
		}
	};
};
