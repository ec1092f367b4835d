import type { ParamMatcher } from '@sveltejs/kit';

/** Certificate verification codes as printed ("K7QM-2XPA-9R"), any case, dashes optional. */
export const match: ParamMatcher = (param) => /^[A-Za-z0-9]{4}-?[A-Za-z0-9]{4}-?[A-Za-z0-9]{2}$/.test(param);
