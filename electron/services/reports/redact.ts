import { maskIdNumber, maskPhone } from '../../api/id-number';

/**
 * Free text typed by a clerk (a problem's description) may carry an ID number or a phone
 * number; sheets that print it mask them as lists do (DOMAIN.md §7: 前6后4, 138****8000).
 */
const ID_IN_TEXT = /(?<![0-9A-Za-z])\d{17}[\dXx](?:\d{2}(?:[0-9A-Za-z]{2})?)?(?![0-9A-Za-z])/g;
const MOBILE_IN_TEXT = /(?<!\d)1[3-9]\d{9}(?!\d)/g;
const LANDLINE_IN_TEXT = /(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)/g;

export function redactFreeText(text: string): string {
  return text
    .replace(ID_IN_TEXT, (id) => maskIdNumber(id))
    .replace(MOBILE_IN_TEXT, (phone) => maskPhone(phone))
    .replace(LANDLINE_IN_TEXT, (phone) => maskPhone(phone));
}
