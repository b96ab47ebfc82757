"""Data layer: the only package that imports peewee or speaks SQL."""
