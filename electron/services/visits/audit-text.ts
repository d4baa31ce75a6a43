import { maskIdNumber, maskPhone } from '../../api/id-number';

/**
 * Free text typed by a clerk (走访情况, 会商决定) may hold an ID number or a phone number
 * ("联系其子 13800138000"). The audit trail never keeps them unmasked (DOMAIN.md §7), so text
 * fields are masked before they go into a snapshot. The stored record keeps what was typed.
 */
const ID_IN_TEXT = /(?<!\d)\d{17}[\dXx](?:\d{2}(?:[0-9A-Za-z]{2})?)?(?![\dA-Za-z])/g;
const MOBILE_IN_TEXT = /(?<!\d)1[3-9]\d{9}(?!\d)/g;
const LANDLINE_IN_TEXT = /(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)/g;

export function maskFreeText(text: string): string {
  return text
    .replace(ID_IN_TEXT, (id) => maskIdNumber(id))
    .replace(MOBILE_IN_TEXT, (phone) => maskPhone(phone))
    .replace(LANDLINE_IN_TEXT, (phone) => maskPhone(phone));
}
