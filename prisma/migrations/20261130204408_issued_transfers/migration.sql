-- CreateTable
CREATE TABLE "IssuedTransfer" (
    "txid" TEXT NOT NULL PRIMARY KEY,
    "partnerOcid" INTEGER NOT NULL,
    "fromReference" TEXT,
    "toOcid" INTEGER NOT NULL,
    "toReference" TEXT,
    "amountMinor" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "creditedTo" TEXT NOT NULL,
    "userId" TEXT,
    "paymentRequestId" TEXT,
    "merchantId" TEXT,
    "proofJson" TEXT NOT NULL,
    "signature" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "IssuedTransfer_partnerOcid_createdAt_idx" ON "IssuedTransfer"("partnerOcid", "createdAt");

