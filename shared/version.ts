export const COFFRE_VERSION = "0.1.0";
