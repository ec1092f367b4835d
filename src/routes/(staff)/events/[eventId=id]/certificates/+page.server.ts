import { db } from '$lib/server/db';
import { formValues, guardLoad, idParam, requirePrincipal, runAction } from '$lib/server/http';
import { requireEventAccess } from '$lib/server/auth/access';
import { listDecisions } from '$lib/server/awards/service';
import { certificateCount } from '$lib/server/awards/totals';
import {
	FIELD_LABELS,
	assignRegisterNumbers,
	certificateFitWarnings,
	certificateSettings,
	layoutFromForm,
	saveCertificateSettings
} from '$lib/server/certificates/service';
import { CERTIFICATE_FIELDS } from '$lib/server/pdf/certificate';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const principal = requirePrincipal(event);
	const eventId = idParam(event.params.eventId);
	await guardLoad(() => requireEventAccess(db(), principal, eventId, 'certificate.print'));
	const [settings, warnings, decisions, count] = await Promise.all([
		certificateSettings(db(), eventId),
		certificateFitWarnings(db(), principal, eventId),
		listDecisions(db(), principal, eventId),
		certificateCount(db(), eventId)
	]);
	return {
		settings,
		warnings,
		decisions: decisions.map((d) => ({ id: d.id, number: d.number, formName: d.formName, count: d.count, printsCertificate: d.printsCertificate })),
		count,
		fields: CERTIFICATE_FIELDS.map((f) => ({ key: f, label: FIELD_LABELS[f] }))
	};
};

export const actions: Actions = {
	layout: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const form = await event.request.formData();
		const values = formValues(form);
		const checked = new Set([...form.keys()].filter((k) => k.endsWith('.enabled')));
		return runAction(async () => {
			await saveCertificateSettings(db(), principal, eventId, { layout: layoutFromForm(values, checked), reset: values.reset === '1' });
			return { ok: true, action: values.reset === '1' ? 'reset' : 'layout' };
		}, values);
	},
	options: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const form = await event.request.formData();
		const values = formValues(form);
		return runAction(async () => {
			await saveCertificateSettings(db(), principal, eventId, {
				options: {
					verification: form.has('verification'),
					attendanceEnabled: form.has('attendanceEnabled'),
					registerPrefix: values.registerPrefix ?? '',
					registerLabel: values.registerLabel ?? '',
					issueDate: values.issueDate,
					attendanceText: values.attendanceText ?? ''
				}
			});
			return { ok: true, action: 'options' };
		}, values);
	},
	renumber: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		return runAction(async () => ({ ok: true, action: 'renumber', assigned: await assignRegisterNumbers(db(), principal, eventId, { renumber: true }) }));
	}
};
