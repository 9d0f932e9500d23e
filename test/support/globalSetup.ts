/** Starts the servers every suite shares (filled in by the database support). */
export default async function globalSetup(): Promise<void> {}
