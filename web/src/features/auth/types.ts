import type { Schemas } from '../../shared/api/types';

export type Session = Schemas['Session'];
export type SessionStage = Schemas['SessionStage'];
export type User = Schemas['User'];
export type Role = Schemas['Role'];
export type AccountLink = Schemas['AccountLink'];
export type TotpEnrolment = Schemas['TotpEnrolment'];
export type TotpConfirmResult = Schemas['TotpConfirmResult'];
export type TotpRequest = Schemas['TotpRequest'];
export type ReauthenticateRequest = Schemas['ReauthenticateRequest'];
