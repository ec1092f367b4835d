import type { ParamMatcher } from '@sveltejs/kit';

/** Positive integer ids only: a bad URL is a 404 before any query runs. */
export const match: ParamMatcher = (param) => /^[1-9]\d{0,9}$/.test(param) && Number(param) <= 2147483647;
