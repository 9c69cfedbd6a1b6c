/** What the token timer needs from WeChat's token providers (relay/adapters/wechat-ports.ts implements it). */
export interface TokenMaintenancePort {
  /** Refreshes the component token if it is within its margin; false when there is no ticket yet. */
  refreshComponentTokenIfDue(): Promise<boolean>;
  /** Refreshes one authorizer's token if due. Resolves true when a refresh happened. */
  refreshAuthorizerTokenIfDue(authorizerAppid: string): Promise<boolean>;
}
