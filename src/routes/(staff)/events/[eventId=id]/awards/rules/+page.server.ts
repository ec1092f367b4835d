import { db } from '$lib/server/db';
import { formValues, guardLoad, idParam, requirePrincipal, runAction } from '$lib/server/http';
import { requireEventAccess, requireSystemAdmin } from '$lib/server/auth/access';
import { can } from '$lib/server/auth/permissions';
import { FUND_LABELS, LEVEL_LABELS, addAwardForm, listAwardForms, parseAwardFormInput, rulesView, saveBaseSalary, saveCoefficient, saveDecree } from '$lib/server/awards/rules';
import { ROUNDING_LABELS, formatCoefficient } from '$lib/server/awards/prize';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const principal = requirePrincipal(event);
	const eventId = idParam(event.params.eventId);
	const { event: e, role } = await guardLoad(() => requireEventAccess(db(), principal, eventId, 'award.view'));
	const [rules, forms] = await Promise.all([rulesView(db()), listAwardForms(db(), e.organisation_id)]);
	return {
		rules: {
			...rules,
			decrees: rules.decrees.map((d) => ({ ...d, coefficients: d.coefficients.map((c) => ({ ...c, display: formatCoefficient(c.coefficient) })) })),
			history: rules.history.map((h) => ({ ...h, at: h.at.toISOString() }))
		},
		forms,
		roundings: ROUNDING_LABELS,
		funds: FUND_LABELS,
		levels: LEVEL_LABELS,
		isSystemAdmin: principal.user.isSystemAdmin,
		canAddForm: can(role, 'award.edit')
	};
};

export const actions: Actions = {
	baseSalary: async (event) => {
		const principal = requirePrincipal(event);
		const form = await event.request.formData();
		const values = formValues(form);
		return runAction(async () => {
			await saveBaseSalary(db(), principal, { ...values, effectiveFrom: values.effectiveFrom, amount: values.amount, verified: form.has('verified') });
			return { ok: true, action: 'baseSalary' };
		}, values);
	},
	decree: async (event) => {
		const principal = requirePrincipal(event);
		const form = await event.request.formData();
		const values = formValues(form);
		return runAction(async () => {
			requireSystemAdmin(principal);
			await saveDecree(db(), principal, idParam(values.id), { ...values, effectiveFrom: values.effectiveFrom, rounding: values.rounding, roundingVerified: form.has('roundingVerified') });
			return { ok: true, action: 'decree' };
		}, values);
	},
	coefficients: async (event) => {
		const principal = requirePrincipal(event);
		const form = await event.request.formData();
		const values = formValues(form);
		return runAction(async () => {
			requireSystemAdmin(principal);
			const rules = await rulesView(db());
			const decree = rules.decrees.find((d) => d.id === Number(values.decreeId));
			let changed = 0;
			for (const key of Object.keys(values).filter((k) => k.startsWith('c.'))) {
				const [, formCode, kind] = key.split('.');
				const old = decree?.coefficients.find((c) => c.formCode === formCode && c.kind === kind);
				const text = values[key].trim();
				const verified = form.has(`v.${formCode}.${kind}`);
				let same = old ? false : text === '';
				try {
					if (old && text !== '') same = formatCoefficient(old.coefficient) === formatCoefficient(text) && old.verified === verified;
				} catch {
					same = false; // not a number: saveCoefficient says so
				}
				if (same) continue;
				await saveCoefficient(db(), principal, { decreeId: values.decreeId, formCode, kind, coefficient: text, verified });
				changed++;
			}
			return { ok: true, action: 'coefficients', changed };
		}, values);
	},
	addForm: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const values = formValues(await event.request.formData());
		return runAction(async () => {
			await requireEventAccess(db(), principal, eventId, 'award.edit');
			await addAwardForm(db(), principal, eventId, parseAwardFormInput(values));
			return { ok: true, action: 'addForm' };
		}, values);
	}
};
