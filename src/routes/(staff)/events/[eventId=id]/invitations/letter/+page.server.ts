import { db } from '$lib/server/db';
import { formValues, guardLoad, idParam, requirePrincipal, runAction } from '$lib/server/http';
import { requireEventAccess } from '$lib/server/auth/access';
import { letterSettingsForm, parseLetterSettings, updateLetterSettings } from '$lib/server/invitations/settings';
import { pdfPageCount, previewLetter } from '$lib/server/invitations/downloads';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const principal = requirePrincipal(event);
	const eventId = idParam(event.params.eventId);
	const { event: e } = await guardLoad(() => requireEventAccess(db(), principal, eventId, 'invitation.send'));
	// A giấy mời should fit on one A4 page: say so when the text makes the letter longer.
	const pages = await pdfPageCount((await previewLetter(db(), principal, eventId)).bytes);
	return {
		pages,
		values: await letterSettingsForm(db(), e),
		letterhead: {
			authorityParent: e.authority_parent,
			authorityName: e.authority_name,
			docNumber: e.doc_number,
			docSymbol: e.doc_symbol,
			placeName: e.place_name,
			signer: [e.signer_prefix, e.signer_title, e.signer_name].filter(Boolean).join(' · ')
		}
	};
};

export const actions: Actions = {
	save: async (event) => {
		const principal = requirePrincipal(event);
		const eventId = idParam(event.params.eventId);
		const v = formValues(await event.request.formData());
		return runAction(async () => {
			await updateLetterSettings(db(), principal, eventId, parseLetterSettings(v));
			return { ok: true, message: 'Đã lưu nội dung giấy mời.' };
		}, v);
	}
};
