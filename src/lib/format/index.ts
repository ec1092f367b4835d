/**
 * Vietnamese formatting shared by server and browser: dates in Asia/Ho_Chi_Minh, đồng amounts,
 * amounts in words, names and their sort order, search keys and phone numbers.
 */

export * from './date';
export * from './money';
export * from './words';
export * from './names';
export * from './search';
export * from './phone';
