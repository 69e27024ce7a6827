// Square's API as edgepost reads it: an order's lines, GET /v2/orders/<order_id>
// (developer.squareup.com, Orders API "RetrieveOrder"), with SQUARE_ACCESS_TOKEN (a token that
// may read orders, ORDERS_READ) as a bearer token; one answer, no pages. Each line is sent at its
// gross sales less its discounts (gross_sales_money − total_discount_money): before tax, tip and
// service charges, after discounts; an order whose lines cannot be read keeps the payment's total.
#pragma once
#include "providers/provider_api.h"

namespace edgepost {

extern const provider_api square_api;

}  // namespace edgepost
