package cn.pzh.eligibility.model;

/** A contract value with the Chinese word a caseworker reads. */
public interface Labelled {
    String label();
}
