package cn.pzh.eligibility.model;

import java.math.BigDecimal;
import java.time.LocalDate;

public record Hardship(HardshipCause cause, LocalDate date, BigDecimal uncoveredExpense) {
}
