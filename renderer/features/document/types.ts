import type { ChannelResponse } from "../../api/bridge.js";

export type DocumentData = ChannelResponse<"documents.get">;
export type RevealData = ChannelResponse<"documents.reveal">;
