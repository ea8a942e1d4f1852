-- CreateTable
CREATE TABLE "Location" (
    "id" TEXT NOT NULL,
    "merchantId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "address" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Location_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Spot" (
    "id" TEXT NOT NULL,
    "merchantId" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "identifier" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'free',
    "visit" INTEGER NOT NULL DEFAULT 0,
    "statusChangedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Spot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SpotCheckIn" (
    "id" TEXT NOT NULL,
    "spotId" TEXT NOT NULL,
    "visit" INTEGER NOT NULL,
    "userId" TEXT NOT NULL,
    "checkedInAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SpotCheckIn_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SpotOrder" (
    "id" TEXT NOT NULL,
    "spotId" TEXT NOT NULL,
    "visit" INTEGER NOT NULL,
    "paymentRequestId" TEXT NOT NULL,
    "attachedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SpotOrder_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Location_merchantId_createdAt_idx" ON "Location"("merchantId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Spot_token_key" ON "Spot"("token");

-- CreateIndex
CREATE INDEX "Spot_merchantId_status_idx" ON "Spot"("merchantId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Spot_locationId_identifier_key" ON "Spot"("locationId", "identifier");

-- CreateIndex
CREATE INDEX "SpotCheckIn_userId_checkedInAt_idx" ON "SpotCheckIn"("userId", "checkedInAt");

-- CreateIndex
CREATE UNIQUE INDEX "SpotCheckIn_spotId_visit_key" ON "SpotCheckIn"("spotId", "visit");

-- CreateIndex
CREATE UNIQUE INDEX "SpotOrder_paymentRequestId_key" ON "SpotOrder"("paymentRequestId");

-- CreateIndex
CREATE INDEX "SpotOrder_spotId_visit_attachedAt_idx" ON "SpotOrder"("spotId", "visit", "attachedAt");

-- AddForeignKey
ALTER TABLE "Location" ADD CONSTRAINT "Location_merchantId_fkey" FOREIGN KEY ("merchantId") REFERENCES "Merchant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Spot" ADD CONSTRAINT "Spot_merchantId_fkey" FOREIGN KEY ("merchantId") REFERENCES "Merchant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Spot" ADD CONSTRAINT "Spot_locationId_fkey" FOREIGN KEY ("locationId") REFERENCES "Location"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SpotCheckIn" ADD CONSTRAINT "SpotCheckIn_spotId_fkey" FOREIGN KEY ("spotId") REFERENCES "Spot"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SpotCheckIn" ADD CONSTRAINT "SpotCheckIn_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SpotOrder" ADD CONSTRAINT "SpotOrder_spotId_fkey" FOREIGN KEY ("spotId") REFERENCES "Spot"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SpotOrder" ADD CONSTRAINT "SpotOrder_paymentRequestId_fkey" FOREIGN KEY ("paymentRequestId") REFERENCES "PaymentRequest"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

