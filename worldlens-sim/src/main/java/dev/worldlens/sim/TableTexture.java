package dev.worldlens.sim;

/** The pattern of the table top; scenes differ in it so that an encoder must generalise across looks. */
public enum TableTexture {
    WOOD, CHECKER, SPECKLE, GRID
}
