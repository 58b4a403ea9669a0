package cn.pzh.eligibility.model;

import java.math.BigDecimal;

public record Income(IncomeType type, BigDecimal annualAmount) {
}
